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
import java.util.Map;

/**
 * Every server setting, with its default. Sources, lowest to highest precedence:
 * built-in defaults, the config file (YAML or JSON), {@code GOFER_*} environment variables, command-line flags.
 */
public record ServerSettings(
        String bindAddress,
        int port,
        Path dataDir,
        String dockerHost,
        String dockerApiVersion,
        Duration taskStopTimeout,
        String externalUrl,
        String store,
        String shutdownMode,
        boolean developmentMode,
        EncryptionKey encryptionKey,
        long objectSizeLimit,
        int pipelineObjectLimit,
        int runObjectExpiry) {

    public static final String LEAVE_RUNNING = "leave";
    private static final String LEAVE_RUNNING_DEFAULT = "leave";
    public static final String CANCEL_RUNS = "cancel";

    /** One documented setting: the key in the config file, its env var, its default and what it does. */
    public record Setting(String key, String env, String defaultValue, String description) {
    }

    public static final List<Setting> SETTINGS = List.of(
            new Setting("bind_address", "GOFER_BIND_ADDRESS", "0.0.0.0", "address the HTTP API listens on"),
            new Setting("port", "GOFER_PORT", "8080", "HTTP port of the API and dashboard (0 = any free port)"),
            new Setting("data_dir", "GOFER_DATA_DIR", "./gofer-data", "where the SQLite database and task logs live"),
            new Setting("docker_host", "GOFER_DOCKER_HOST", "unix:///var/run/docker.sock", "Docker engine the scheduler talks to"),
            new Setting("docker_api_version", "GOFER_DOCKER_API_VERSION", "", "Docker API version to speak (empty = negotiate)"),
            new Setting("task_stop_timeout", "GOFER_TASK_STOP_TIMEOUT", "10", "seconds a cancelled task gets after SIGTERM before it is killed"),
            new Setting("external_url", "GOFER_EXTERNAL_URL", "", "URL users reach the API at (empty = http://localhost:<port>)"),
            new Setting("shutdown_mode", "GOFER_SHUTDOWN_MODE", LEAVE_RUNNING_DEFAULT,
                    "on SIGTERM: leave (task containers keep running; the next start re-attaches them) or cancel (cancel running runs first)"),
            new Setting("store", "GOFER_STORE", "sqlite", "where state is kept: sqlite (<data_dir>/gofer.db) or postgres://user:pass@host:5432/db[?schema=name]"),
            new Setting("encryption_key", "GOFER_ENCRYPTION_KEY", "",
                    "32-byte key secrets are encrypted with: 64 hex chars (openssl rand -hex 32) or base64 (openssl rand -base64 32); required unless development_mode"),
            new Setting("development_mode", "GOFER_DEVELOPMENT_MODE", "false",
                    "true = development only: starts without an encryption key (a fixed, public one; warns loudly)"),
            new Setting("object_size_limit", "GOFER_OBJECT_SIZE_LIMIT", "1073741824", "largest object accepted, in bytes (bigger uploads get 413)"),
            new Setting("pipeline_object_limit", "GOFER_PIPELINE_OBJECT_LIMIT", "50",
                    "objects kept per pipeline; storing a new key beyond it evicts the oldest"),
            new Setting("run_object_expiry", "GOFER_RUN_OBJECT_EXPIRY", "20",
                    "a run's objects are deleted once this many newer runs of its pipeline exist"));

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
        JsonObject j = defaults().mergeIn(json);
        return new ServerSettings(
                string(j, "bind_address"),
                integer(j, "port"),
                Path.of(string(j, "data_dir")).toAbsolutePath().normalize(),
                string(j, "docker_host"),
                string(j, "docker_api_version"),
                Duration.ofSeconds(integer(j, "task_stop_timeout")),
                string(j, "external_url"),
                string(j, "store"),
                shutdownMode(string(j, "shutdown_mode")),
                bool(j, "development_mode"),
                EncryptionKey.parse(string(j, "encryption_key")).orElse(null),
                positiveLong(j, "object_size_limit"),
                (int) positiveLong(j, "pipeline_object_limit"),
                (int) positiveLong(j, "run_object_expiry"));
    }

    private static boolean bool(JsonObject j, String key) {
        String v = string(j, key).trim().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no", "" -> false;
            default -> throw new IllegalArgumentException("setting " + key + " must be true or false, got '" + v + "'");
        };
    }

    private static long positiveLong(JsonObject j, String key) {
        String v = string(j, key).trim();
        try {
            long n = Long.parseLong(v);
            if (n < 1 || (!key.equals("object_size_limit") && n > Integer.MAX_VALUE)) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a whole number of 1 or more, got '" + v + "'");
        }
    }

    private static String shutdownMode(String mode) {
        if (!mode.equals(LEAVE_RUNNING) && !mode.equals(CANCEL_RUNS)) {
            throw new IllegalArgumentException("setting shutdown_mode must be 'leave' or 'cancel', got '" + mode + "'");
        }
        return mode;
    }

    /** Settings for tests and embedding: defaults, with a data dir and a port. */
    public static ServerSettings forDataDir(Path dataDir, int port) {
        return fromJson(new JsonObject().put("data_dir", dataDir.toString()).put("port", port));
    }

    public ServerSettings withTaskStopTimeout(Duration timeout) {
        return new ServerSettings(bindAddress, port, dataDir, dockerHost, dockerApiVersion, timeout, externalUrl, store, shutdownMode,
                developmentMode, encryptionKey, objectSizeLimit, pipelineObjectLimit, runObjectExpiry);
    }

    public ServerSettings withDockerHost(String host) {
        return new ServerSettings(bindAddress, port, dataDir, host, dockerApiVersion, taskStopTimeout, externalUrl, store, shutdownMode,
                developmentMode, encryptionKey, objectSizeLimit, pipelineObjectLimit, runObjectExpiry);
    }

    public ServerSettings withStore(String storeUri) {
        return new ServerSettings(bindAddress, port, dataDir, dockerHost, dockerApiVersion, taskStopTimeout, externalUrl, storeUri, shutdownMode,
                developmentMode, encryptionKey, objectSizeLimit, pipelineObjectLimit, runObjectExpiry);
    }

    public ServerSettings withShutdownMode(String mode) {
        return new ServerSettings(bindAddress, port, dataDir, dockerHost, dockerApiVersion, taskStopTimeout, externalUrl, store,
                shutdownMode(mode),
                developmentMode, encryptionKey, objectSizeLimit, pipelineObjectLimit, runObjectExpiry);
    }

    public ServerSettings withEncryptionKey(EncryptionKey key) {
        return new ServerSettings(bindAddress, port, dataDir, dockerHost, dockerApiVersion, taskStopTimeout, externalUrl, store,
                shutdownMode, developmentMode, key, objectSizeLimit, pipelineObjectLimit, runObjectExpiry);
    }

    public ServerSettings withDevelopmentMode(boolean on) {
        return new ServerSettings(bindAddress, port, dataDir, dockerHost, dockerApiVersion, taskStopTimeout, externalUrl, store,
                shutdownMode, on, encryptionKey, objectSizeLimit, pipelineObjectLimit, runObjectExpiry);
    }

    public ServerSettings withObjectLimits(long sizeLimit, int pipelineLimit, int runExpiry) {
        return new ServerSettings(bindAddress, port, dataDir, dockerHost, dockerApiVersion, taskStopTimeout, externalUrl, store,
                shutdownMode, developmentMode, encryptionKey, sizeLimit, pipelineLimit, runExpiry);
    }

    /** Object bytes: {@code <data_dir>/objects}. */
    public Path objectsDir() {
        return dataDir.resolve("objects");
    }

    public boolean usesPostgres() {
        return store.startsWith("postgres://") || store.startsWith("postgresql://");
    }

    public Path databaseFile() {
        return dataDir.resolve("gofer.db");
    }

    /**
     * Names this server's containers apart from another Gofer's on the same engine: a short, stable
     * hash of the data dir (one data dir = one Gofer).
     */
    public String instanceId() {
        return String.format("%08x", dataDir.toString().hashCode());
    }

    public Path logsDir() {
        return dataDir.resolve("logs");
    }

    private static String string(JsonObject j, String key) {
        Object v = j.getValue(key);
        return v == null ? "" : v.toString();
    }

    private static int integer(JsonObject j, String key) {
        String v = string(j, key).trim();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a whole number, got '" + v + "'");
        }
    }

    public Map<String, Object> describe() {
        // never the encryption key
        return Map.of("bind_address", bindAddress, "port", port, "data_dir", dataDir.toString(),
                "docker_host", dockerHost, "task_stop_timeout", taskStopTimeout.toSeconds(),
                "development_mode", developmentMode);
    }
}
