package dev.gofer.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The values of every server setting ({@link Setting} declares them). Sources, lowest to highest precedence: built-in defaults,
 * the settings file (YAML or JSON), {@code GOFER_*} environment variables, command-line flags.
 *
 * <p>Values are checked once, when the settings are built, so a bad value stops the server at start
 * with the setting's name; the accessors below then only convert.
 */
public final class ServerSettings {
    public static final String LEAVE_RUNNING = "leave";
    public static final String CANCEL_RUNS = "cancel";
    public static final String DOCKER = "docker";
    public static final String KUBERNETES = "kubernetes";

    /** Every setting, in the order of the docs: the constants of {@link Setting}, where each is declared once. */
    public static final List<Setting> SETTINGS = List.of(Setting.values());

    private final JsonObject values;

    private ServerSettings(JsonObject values) {
        this.values = values;
        // fail at start, naming the setting, rather than at first use
        port();
        dataDir();
        taskStopTimeout();
        dockerCallTimeout();
        shutdownMode();
        scheduler();
        kubernetesStartTimeout();
        developmentMode();
        retention();
        extensionPort();
        installStdExtensions();
        taskApiUrl();
        encryptionKey();
        objectSizeLimit();
        pipelineObjectLimit();
        runObjectExpiry();
        taskLogLimit();
        taskLimits();
        metricsToken();
        s3().check(objectStore().equals("s3"));
    }

    public static JsonObject defaults() {
        JsonObject json = new JsonObject();
        SETTINGS.forEach(s -> json.put(s.key(), s.defaultValue()));
        return json;
    }

    /**
     * Reads the settings through vertx-config. {@code configFile} may be null; when given it must exist.
     * {@code flags} holds only the settings given on the command line, keyed like the config file.
     */
    public static Future<ServerSettings> load(Vertx vertx, Path configFile, JsonObject flags) {
        ConfigRetrieverOptions options = new ConfigRetrieverOptions()
                .setScanPeriod(-1)
                .addStore(new ConfigStoreOptions().setType("json").setConfig(defaults()));
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                return Future.failedFuture(new IllegalArgumentException("settings file " + configFile + " does not exist"));
            }
            String format = configFile.toString().endsWith(".json") ? "json" : "yaml";
            options.addStore(new ConfigStoreOptions().setType("file").setFormat(format)
                    .setConfig(new JsonObject().put("path", configFile.toString())));
        }
        JsonArray envKeys = new JsonArray();
        SETTINGS.forEach(s -> envKeys.add(s.env()));
        // raw-data: values stay strings (an all-digit hex key must not be read as a number)
        options.addStore(new ConfigStoreOptions().setType("env").setConfig(new JsonObject().put("keys", envKeys).put("raw-data", true)));
        ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
        return retriever.getConfig()
                .recover(e -> Future.failedFuture(configFile == null ? e : ConfigFileError.of(configFile, e)))
                .eventually(() -> { retriever.close(); return Future.succeededFuture(); })
                .map(merged -> fromJson(foldEnv(merged).mergeIn(flags == null ? new JsonObject() : flags)));
    }

    /** The env store keeps variable names as keys; move them onto the setting keys so they override the file. */
    private static JsonObject foldEnv(JsonObject merged) {
        JsonObject out = new JsonObject();
        for (Setting s : SETTINGS) {
            Object v = merged.containsKey(s.env()) ? merged.getValue(s.env()) : merged.getValue(s.key());
            if (v != null) {
                out.put(s.key(), v);
            }
        }
        return out;
    }

    public static ServerSettings fromJson(JsonObject json) {
        return new ServerSettings(defaults().mergeIn(json));
    }

    /**
     * Settings for tests and embedding: defaults, with a data dir and a port; the extension port is any free
     * one and the standard extensions are not installed (their images may not exist here).
     */
    public static ServerSettings forDataDir(Path dataDir, int port) {
        return fromJson(new JsonObject().put(Setting.DATA_DIR.key(), dataDir.toString()).put(Setting.PORT.key(), port)
                .put(Setting.EXTENSION_PORT.key(), 0).put(Setting.INSTALL_STD_EXTENSIONS.key(), false));
    }

    public ServerSettings withStdExtensions(boolean install, String image) {
        return with(Setting.INSTALL_STD_EXTENSIONS, install).with(Setting.STD_EXTENSIONS_IMAGE, image);
    }

    /** A copy with one setting changed, checked like any other source. */
    public ServerSettings with(Setting setting, Object value) {
        return new ServerSettings(values.copy().put(setting.key(), value));
    }

    /** A copy with one setting changed, keyed like the config file. */
    public ServerSettings with(String key, Object value) {
        return with(Setting.byKey(key).orElseThrow(() -> new IllegalArgumentException("no setting named " + key)), value);
    }

    public ServerSettings withTaskStopTimeout(Duration timeout) {
        return with(Setting.TASK_STOP_TIMEOUT, timeout.toSeconds());
    }

    public ServerSettings withDockerHost(String host) {
        return with(Setting.DOCKER_HOST, host);
    }

    public ServerSettings withStore(String storeUri) {
        return with(Setting.STORE, storeUri);
    }

    public ServerSettings withShutdownMode(String mode) {
        return with(Setting.SHUTDOWN_MODE, mode);
    }

    public ServerSettings withDevelopmentMode(boolean on) {
        return with(Setting.DEVELOPMENT_MODE, on);
    }

    public ServerSettings withObjectLimits(long sizeLimit, int pipelineObjectLimit, int runObjectExpiry) {
        return with(Setting.OBJECT_SIZE_LIMIT, sizeLimit).with(Setting.PIPELINE_OBJECT_LIMIT, pipelineObjectLimit)
                .with(Setting.RUN_OBJECT_EXPIRY, runObjectExpiry);
    }

    /** {@code key} null = no key configured. */
    public ServerSettings withEncryptionKey(EncryptionKey key) {
        return with(Setting.ENCRYPTION_KEY, key == null ? "" : HexFormat.of().formatHex(key.bytes()));
    }

    // ---- typed accessors

    public String bindAddress() {
        return string(Setting.BIND_ADDRESS);
    }

    public int port() {
        return integer(Setting.PORT);
    }

    public Path dataDir() {
        return Path.of(string(Setting.DATA_DIR)).toAbsolutePath().normalize();
    }

    public String dockerHost() {
        return string(Setting.DOCKER_HOST);
    }

    public String dockerApiVersion() {
        return string(Setting.DOCKER_API_VERSION);
    }

    /** Zero: no bound. */
    public Duration dockerCallTimeout() {
        return Duration.ofSeconds(atLeast(Setting.DOCKER_CALL_TIMEOUT, 0));
    }

    public Duration taskStopTimeout() {
        return Duration.ofSeconds(integer(Setting.TASK_STOP_TIMEOUT));
    }

    public String externalUrl() {
        return string(Setting.EXTERNAL_URL);
    }

    public String store() {
        return string(Setting.STORE);
    }

    public boolean usesPostgres() {
        return store().startsWith("postgres://") || store().startsWith("postgresql://");
    }

    public String shutdownMode() {
        return oneOf(Setting.SHUTDOWN_MODE, LEAVE_RUNNING, CANCEL_RUNS);
    }

    /** {@link #DOCKER} or {@link #KUBERNETES}. */
    public String scheduler() {
        return oneOf(Setting.SCHEDULER, DOCKER, KUBERNETES);
    }

    public String kubernetesNamespace() {
        return string(Setting.KUBERNETES_NAMESPACE).trim();
    }

    public Duration kubernetesStartTimeout() {
        return Duration.ofSeconds(atLeast(Setting.KUBERNETES_START_TIMEOUT, 1));
    }

    public boolean developmentMode() {
        return bool(Setting.DEVELOPMENT_MODE);
    }

    /** Event and run retention. */
    public Retention retention() {
        return Retention.parse(this::string);
    }

    public int extensionPort() {
        return integer(Setting.EXTENSION_PORT);
    }

    public String extensionHost() {
        return string(Setting.EXTENSION_HOST);
    }

    /** Empty = derive it from the host containers reach Gofer at and the port the API listens on. */
    public String taskApiUrl() {
        String url = string(Setting.TASK_API_URL).trim();
        if (!url.isEmpty() && !url.matches("https?://[^\\s/]+(/\\S*)?")) {
            throw new IllegalArgumentException("setting " + Setting.TASK_API_URL.key() + " must be an http:// or https:// URL such as"
                    + " http://gofer.internal:8080, got '" + url + "'");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public boolean installStdExtensions() {
        return bool(Setting.INSTALL_STD_EXTENSIONS);
    }

    /** Empty = the image of the container Gofer runs in, else {@code gofer:latest}. */
    public String stdExtensionsImage() {
        return string(Setting.STD_EXTENSIONS_IMAGE).trim();
    }

    /** Null when none is configured (the server then refuses to start unless in development mode). */
    public EncryptionKey encryptionKey() {
        return EncryptionKey.parse(string(Setting.ENCRYPTION_KEY)).orElse(null);
    }

    public long objectSizeLimit() {
        return positiveLong(Setting.OBJECT_SIZE_LIMIT);
    }

    /** Bytes of output stored per task; what a task prints past it is dropped. */
    public long taskLogLimit() {
        return positiveLong(Setting.TASK_LOG_LIMIT);
    }

    /** Defaults and maximums of task timeouts, run timeouts and task resources. */
    public TaskLimits taskLimits() {
        return TaskLimits.parse(this::string);
    }

    public int pipelineObjectLimit() {
        return atLeast(Setting.PIPELINE_OBJECT_LIMIT, 1);
    }

    public int runObjectExpiry() {
        return atLeast(Setting.RUN_OBJECT_EXPIRY, 1);
    }

    /**
     * Empty = metrics off. Checked without ever showing the value: a token is a secret, and a short one could be
     * guessed by anyone who can reach the port.
     */
    public String metricsToken() {
        String token = string(Setting.METRICS_TOKEN);
        if (!token.isEmpty() && (token.length() < 16 || !token.chars().allMatch(c -> c > ' ' && c < 127))) {
            throw new IllegalArgumentException("setting metrics_token must be 16 or more printable ASCII characters without"
                    + " spaces (e.g. openssl rand -hex 32), got " + token.length() + " characters; empty turns metrics off");
        }
        return token;
    }

    /** {@code filesystem} or {@code s3}. */
    public String objectStore() {
        return S3Settings.objectStore(string(Setting.OBJECT_STORE));
    }

    public S3Settings s3() {
        return new S3Settings(string(Setting.S3_ENDPOINT), string(Setting.S3_REGION), string(Setting.S3_BUCKET),
                string(Setting.S3_PREFIX), bool(Setting.S3_PATH_STYLE), string(Setting.S3_ACCESS_KEY), string(Setting.S3_SECRET_KEY));
    }

    public Path databaseFile() {
        return dataDir().resolve("gofer.db");
    }

    /**
     * Names this server's containers apart from another Gofer's on the same engine: a short, stable
     * hash of the data dir (one data dir = one Gofer).
     */
    public String instanceId() {
        return String.format("%08x", dataDir().toString().hashCode());
    }

    public Path objectsDir() {
        return dataDir().resolve("objects");
    }

    public Path extensionLogsDir() {
        return dataDir().resolve("extension-logs");
    }

    public Path logsDir() {
        return dataDir().resolve("logs");
    }

    // ---- conversions, with errors that name the setting

    private String string(Setting setting) {
        Object v = values.getValue(setting.key());
        return v == null ? "" : v.toString();
    }

    private String oneOf(Setting setting, String first, String second) {
        String v = string(setting).trim();
        if (!v.equals(first) && !v.equals(second)) {
            throw new IllegalArgumentException("setting " + setting.key() + " must be '" + first + "' or '" + second + "', got '" + v + "'");
        }
        return v;
    }

    private boolean bool(Setting setting) {
        String v = string(setting).trim();
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("setting " + setting.key() + " must be true or false, got '" + v + "'");
        }
        return v.equals("true");
    }

    private long positiveLong(Setting setting) {
        String v = string(setting).trim();
        try {
            long n = Long.parseLong(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + setting.key() + " must be a whole number of 1 or more, got '" + v + "'");
        }
    }

    /** The setting as a whole number of at least {@code min}; {@code 0} reads "(no bound)" where it is allowed. */
    private int atLeast(Setting setting, int min) {
        int v = integer(setting);
        if (v < min) {
            throw new IllegalArgumentException("setting " + setting.key() + " must be " + (min == 0 ? "0 (no bound)" : min) + " or more, got " + v);
        }
        return v;
    }

    private int integer(Setting setting) {
        String v = string(setting).trim();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + setting.key() + " must be a whole number, got '" + v + "'");
        }
    }

    @Override
    public String toString() {
        JsonObject shown = values.copy();
        for (Setting s : SETTINGS) {
            if (s.secret() && !string(s).isBlank()) {
                shown.put(s.key(), "***");
            }
        }
        return "ServerSettings" + shown.encode();
    }
}
