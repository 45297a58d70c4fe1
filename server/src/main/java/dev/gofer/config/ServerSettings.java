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
import java.util.List;

/**
 * Every server setting, with its default. Sources, lowest to highest precedence: built-in defaults,
 * the config file (YAML or JSON), {@code GOFER_*} environment variables, command-line flags.
 *
 * <p>Values are checked once, when the settings are built, so a bad value stops the server at start
 * with the setting's name; the accessors below then only convert.
 */
public final class ServerSettings {
    /** One documented setting: the key in the config file, its env var, its default and what it does. */
    public record Setting(String key, String env, String defaultValue, String description) {
    }

    public static final String LEAVE_RUNNING = "leave";
    public static final String CANCEL_RUNS = "cancel";
    public static final String DOCKER = "docker";
    public static final String KUBERNETES = "kubernetes";

    public static final List<Setting> SETTINGS = List.of(
            new Setting("bind_address", "GOFER_BIND_ADDRESS", "0.0.0.0", "address the HTTP API listens on"),
            new Setting("port", "GOFER_PORT", "8080", "HTTP port of the API and dashboard (0 = any free port)"),
            new Setting("data_dir", "GOFER_DATA_DIR", "./gofer-data", "where the SQLite database and task logs live"),
            new Setting("docker_host", "GOFER_DOCKER_HOST", "unix:///var/run/docker.sock", "Docker engine the scheduler talks to"),
            new Setting("docker_api_version", "GOFER_DOCKER_API_VERSION", "", "Docker API version to speak (empty = negotiate)"),
            new Setting("scheduler", "GOFER_SCHEDULER", DOCKER, "where tasks and extensions run: docker (docker_host) or kubernetes (see docs/schedulers.md)"),
            new Setting("kubernetes_namespace", "GOFER_KUBERNETES_NAMESPACE", "",
                    "namespace of task pods (empty = Gofer's own pod's namespace, else the kubeconfig context's, else default)"),
            new Setting("kubernetes_start_timeout", "GOFER_KUBERNETES_START_TIMEOUT", "300",
                    "seconds a task pod may stay Pending (image pull errors, unschedulable) before the task fails with scheduler_error"),
            new Setting("task_stop_timeout", "GOFER_TASK_STOP_TIMEOUT", "10", "seconds a cancelled task gets after SIGTERM before it is killed"),
            new Setting("external_url", "GOFER_EXTERNAL_URL", "", "URL users reach the API at (empty = http://localhost:<port>)"),
            new Setting("store", "GOFER_STORE", "sqlite",
                    "where state is kept: sqlite (<data_dir>/gofer.db) or postgres://user:pass@host:5432/db[?schema=name]"),
            new Setting("shutdown_mode", "GOFER_SHUTDOWN_MODE", LEAVE_RUNNING,
                    "on SIGTERM: leave (task containers keep running; the next start re-attaches them) or cancel (cancel running runs first)"),
            new Setting("development_mode", "GOFER_DEVELOPMENT_MODE", "false",
                    "true = local development only: NO AUTHENTICATION (every caller acts as admin) and, without an encryption key, a fixed public one (also --dev)"),
            new Setting("event_retention_days", "GOFER_EVENT_RETENTION_DAYS", "183", "days events are kept before the prune job deletes them"),
            new Setting("event_prune_interval", "GOFER_EVENT_PRUNE_INTERVAL", "3600", "seconds between runs of the event prune job"),
            new Setting("extension_port", "GOFER_EXTENSION_PORT", "8081", "gRPC port (all interfaces) extensions call Gofer back on (0 = any free port)"),
            new Setting("extension_host", "GOFER_EXTENSION_HOST", "", "host extensions reach Gofer at, handed to them as GOFER_HOST (empty = the Docker bridge gateway)"),
            new Setting("task_api_url", "GOFER_TASK_API_URL", "",
                    "URL tasks with inject_api_token reach the API at, given to them as GOFER_API_URL (empty = http://<extension_host or the Docker bridge gateway>:<port>)"),
            new Setting("install_std_extensions", "GOFER_INSTALL_STD_EXTENSIONS", "true", "install the interval and cron extensions at start when missing"),
            new Setting("std_extensions_image", "GOFER_STD_EXTENSIONS_IMAGE", "",
                    "gofer image the standard extensions run from, as `extension run <id>` (empty = the image Gofer runs in, else gofer:latest)"),
            new Setting("encryption_key", "GOFER_ENCRYPTION_KEY", "",
                    "32-byte key secrets are encrypted with: 64 hex chars (openssl rand -hex 32), base64 (openssl rand -base64 32) or 32 plain characters (Gofer 0.9.1); empty = the key file <data_dir>/encryption.key, generated at the first start (development_mode: a fixed public key)"),
            new Setting("object_size_limit", "GOFER_OBJECT_SIZE_LIMIT", "1073741824", "largest object accepted, in bytes (bigger uploads get 413)"),
            new Setting("pipeline_object_limit", "GOFER_PIPELINE_OBJECT_LIMIT", "50",
                    "objects kept per pipeline; storing a new key beyond it evicts the oldest"),
            new Setting("run_object_expiry", "GOFER_RUN_OBJECT_EXPIRY", "20",
                    "a run's objects are deleted once this many newer runs of its pipeline exist"),
            new Setting("task_log_limit", "GOFER_TASK_LOG_LIMIT", "104857600",
                    "bytes of output kept per task log; past it output is dropped (the task keeps running) and a one-line marker is written"));

    private final JsonObject values;

    private ServerSettings(JsonObject values) {
        this.values = values;
        // fail at start, naming the setting, rather than at first use
        port();
        dataDir();
        taskStopTimeout();
        shutdownMode();
        scheduler();
        kubernetesStartTimeout();
        developmentMode();
        eventRetention();
        eventPruneInterval();
        extensionPort();
        installStdExtensions();
        taskApiUrl();
        encryptionKey();
        objectSizeLimit();
        pipelineObjectLimit();
        runObjectExpiry();
        taskLogLimit();
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
                return Future.failedFuture(new IllegalArgumentException("config file " + configFile + " does not exist"));
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
        return fromJson(new JsonObject().put("data_dir", dataDir.toString()).put("port", port)
                .put("extension_port", 0).put("install_std_extensions", false));
    }

    public ServerSettings withStdExtensions(boolean install, String image) {
        return with("install_std_extensions", install).with("std_extensions_image", image);
    }

    /** A copy with one setting changed (keyed like the config file), checked like any other source. */
    public ServerSettings with(String key, Object value) {
        if (SETTINGS.stream().noneMatch(s -> s.key().equals(key))) {
            throw new IllegalArgumentException("no setting named " + key);
        }
        return new ServerSettings(values.copy().put(key, value));
    }

    public ServerSettings withTaskStopTimeout(Duration timeout) {
        return with("task_stop_timeout", timeout.toSeconds());
    }

    public ServerSettings withDockerHost(String host) {
        return with("docker_host", host);
    }

    public ServerSettings withStore(String storeUri) {
        return with("store", storeUri);
    }

    public ServerSettings withShutdownMode(String mode) {
        return with("shutdown_mode", mode);
    }

    public ServerSettings withDevelopmentMode(boolean on) {
        return with("development_mode", on);
    }

    public ServerSettings withObjectLimits(long sizeLimit, int pipelineObjectLimit, int runObjectExpiry) {
        return with("object_size_limit", sizeLimit).with("pipeline_object_limit", pipelineObjectLimit)
                .with("run_object_expiry", runObjectExpiry);
    }

    /** {@code key} null = no key configured. */
    public ServerSettings withEncryptionKey(EncryptionKey key) {
        return with("encryption_key", key == null ? "" : java.util.HexFormat.of().formatHex(key.bytes()));
    }

    // ---- typed accessors

    public String bindAddress() {
        return string("bind_address");
    }

    public int port() {
        return integer("port");
    }

    public Path dataDir() {
        return Path.of(string("data_dir")).toAbsolutePath().normalize();
    }

    public String dockerHost() {
        return string("docker_host");
    }

    public String dockerApiVersion() {
        return string("docker_api_version");
    }

    public Duration taskStopTimeout() {
        return Duration.ofSeconds(integer("task_stop_timeout"));
    }

    public String externalUrl() {
        return string("external_url");
    }

    public String store() {
        return string("store");
    }

    public boolean usesPostgres() {
        return store().startsWith("postgres://") || store().startsWith("postgresql://");
    }

    public String shutdownMode() {
        return oneOf("shutdown_mode", LEAVE_RUNNING, CANCEL_RUNS);
    }

    /** {@link #DOCKER} or {@link #KUBERNETES}. */
    public String scheduler() {
        return oneOf("scheduler", DOCKER, KUBERNETES);
    }

    public String kubernetesNamespace() {
        return string("kubernetes_namespace").trim();
    }

    public Duration kubernetesStartTimeout() {
        return Duration.ofSeconds(positive("kubernetes_start_timeout"));
    }

    public boolean developmentMode() {
        return bool("development_mode");
    }

    public Duration eventRetention() {
        return Duration.ofDays(positive("event_retention_days"));
    }

    public Duration eventPruneInterval() {
        return Duration.ofSeconds(positive("event_prune_interval"));
    }

    public int extensionPort() {
        return integer("extension_port");
    }

    public String extensionHost() {
        return string("extension_host");
    }

    /** Empty = derive it from the host containers reach Gofer at and the port the API listens on. */
    public String taskApiUrl() {
        String url = string("task_api_url").trim();
        if (!url.isEmpty() && !url.matches("https?://[^\\s/]+(/\\S*)?")) {
            throw new IllegalArgumentException("setting task_api_url must be an http:// or https:// URL such as"
                    + " http://gofer.internal:8080, got '" + url + "'");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public boolean installStdExtensions() {
        return bool("install_std_extensions");
    }

    /** Empty = the image of the container Gofer runs in, else {@code gofer:latest}. */
    public String stdExtensionsImage() {
        return string("std_extensions_image").trim();
    }

    /** Null when none is configured (the server then refuses to start unless in development mode). */
    public EncryptionKey encryptionKey() {
        return EncryptionKey.parse(string("encryption_key")).orElse(null);
    }

    public long objectSizeLimit() {
        return positiveLong("object_size_limit");
    }

    /** Bytes of output stored per task; what a task prints past it is dropped. */
    public long taskLogLimit() {
        return positiveLong("task_log_limit");
    }

    public int pipelineObjectLimit() {
        return positive("pipeline_object_limit");
    }

    public int runObjectExpiry() {
        return positive("run_object_expiry");
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

    private String string(String key) {
        Object v = values.getValue(key);
        return v == null ? "" : v.toString();
    }

    private String oneOf(String key, String first, String second) {
        String v = string(key).trim();
        if (!v.equals(first) && !v.equals(second)) {
            throw new IllegalArgumentException("setting " + key + " must be '" + first + "' or '" + second + "', got '" + v + "'");
        }
        return v;
    }

    private boolean bool(String key) {
        String v = string(key).trim();
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("setting " + key + " must be true or false, got '" + v + "'");
        }
        return v.equals("true");
    }

    private long positiveLong(String key) {
        String v = string(key).trim();
        try {
            long n = Long.parseLong(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a whole number of 1 or more, got '" + v + "'");
        }
    }

    private int positive(String key) {
        int v = integer(key);
        if (v < 1) {
            throw new IllegalArgumentException("setting " + key + " must be 1 or more, got " + v);
        }
        return v;
    }

    private int integer(String key) {
        String v = string(key).trim();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a whole number, got '" + v + "'");
        }
    }

    @Override
    public String toString() {
        JsonObject shown = values.copy();
        if (!string("encryption_key").isBlank()) {
            shown.put("encryption_key", "***");
        }
        return "ServerSettings" + shown.encode();
    }
}
