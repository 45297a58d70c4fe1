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
        int extensionPort,
        String extensionHost,
        boolean installStdExtensions,
        String intervalExtensionImage,
        String cronExtensionImage) {

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
            new Setting("extension_port", "GOFER_EXTENSION_PORT", "8081", "gRPC port (all interfaces) extensions call Gofer back on (0 = any free port)"),
            new Setting("extension_host", "GOFER_EXTENSION_HOST", "", "host extensions reach Gofer at, handed to them as GOFER_HOST (empty = the Docker bridge gateway)"),
            new Setting("install_std_extensions", "GOFER_INSTALL_STD_EXTENSIONS", "true", "install the interval and cron extensions at start when missing"),
            new Setting("interval_extension_image", "GOFER_INTERVAL_EXTENSION_IMAGE", "gofer/extension-interval:latest", "image of the standard interval extension"),
            new Setting("cron_extension_image", "GOFER_CRON_EXTENSION_IMAGE", "gofer/extension-cron:latest", "image of the standard cron extension"));

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
        options.addStore(new ConfigStoreOptions().setType("env").setConfig(new JsonObject().put("keys", envKeys)));
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
                integer(j, "extension_port"),
                string(j, "extension_host"),
                bool(j, "install_std_extensions"),
                string(j, "interval_extension_image"),
                string(j, "cron_extension_image"));
    }

    private static boolean bool(JsonObject j, String key) {
        String v = string(j, key).trim().toLowerCase(java.util.Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("setting " + key + " must be true or false, got '" + v + "'");
        }
        return v.equals("true");
    }

    /**
     * Settings for tests and embedding: defaults, with a data dir and a port; the extension port is any free
     * one and the standard extensions are not installed (their images may not exist here).
     */
    public static ServerSettings forDataDir(Path dataDir, int port) {
        return fromJson(new JsonObject().put("data_dir", dataDir.toString()).put("port", port)
                .put("extension_port", 0).put("install_std_extensions", false));
    }

    public ServerSettings withStdExtensions(boolean install, String intervalImage, String cronImage) {
        return new ServerSettings(bindAddress, port, dataDir, dockerHost, dockerApiVersion, taskStopTimeout, externalUrl,
                extensionPort, extensionHost, install, intervalImage, cronImage);
    }

    public ServerSettings withTaskStopTimeout(Duration timeout) {
        return new ServerSettings(bindAddress, port, dataDir, dockerHost, dockerApiVersion, timeout, externalUrl,
                extensionPort, extensionHost, installStdExtensions, intervalExtensionImage, cronExtensionImage);
    }

    public ServerSettings withDockerHost(String host) {
        return new ServerSettings(bindAddress, port, dataDir, host, dockerApiVersion, taskStopTimeout, externalUrl,
                extensionPort, extensionHost, installStdExtensions, intervalExtensionImage, cronExtensionImage);
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

    public Path extensionLogsDir() {
        return dataDir.resolve("extension-logs");
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
        return Map.of("bind_address", bindAddress, "port", port, "data_dir", dataDir.toString(),
                "docker_host", dockerHost, "task_stop_timeout", taskStopTimeout.toSeconds());
    }
}
