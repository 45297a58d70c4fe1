package dev.gofer.cli.service;

import dev.gofer.GoferServer;
import dev.gofer.metrics.ServerMetrics;
import dev.gofer.config.ServerSettings;
import dev.gofer.scheduler.docker.EngineSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "start",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        modelTransformer = StartService.SettingsFooter.class,
        description = {
                "Start the Gofer server (HTTP API and scheduler) and keep it running until Ctrl-C or SIGTERM."
                        + " Needs a Docker engine: tasks run as containers on it.",
                "",
                "Examples:",
                "  gofer service start",
                "  gofer service start --port 9090 --data-dir /var/lib/gofer",
                "  GOFER_DOCKER_HOST=tcp://127.0.0.1:2375 gofer service start --config gofer.yaml",
                ""})
public final class StartService implements Callable<Integer> {
    private static final long STARTUP_TIMEOUT_SECONDS = 120;
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 60;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML or JSON file with any of the settings below")
    Path config;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (0 = any free port)")
    Integer port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where the database and task logs live")
    Path dataDir;

    @Option(names = "--bind-address", paramLabel = "ADDRESS", description = "address the HTTP API listens on")
    String bindAddress;

    @Option(names = "--docker-host", paramLabel = "URL", description = "Docker engine to run tasks on")
    String dockerHost;

    @Option(names = "--docker-api-version", paramLabel = "VERSION", description = "Docker API version to speak")
    String dockerApiVersion;

    @Option(names = "--task-stop-timeout", paramLabel = "SECONDS",
            description = "grace period of a cancelled task before it is killed")
    Integer taskStopTimeout;

    @Option(names = "--external-url", paramLabel = "URL", description = "URL users reach the API at")
    String externalUrl;

    @Option(names = "--store", paramLabel = "STORE", description = "sqlite (default) or postgres://user:pass@host:5432/db")
    String store;

    @Option(names = "--shutdown-mode", paramLabel = "MODE",
            description = "on SIGTERM: leave task containers running for the next start (default) or cancel runs")
    String shutdownMode;

    @Option(names = "--dev", description = "development mode: NO AUTHENTICATION, every caller is admin (never on a shared machine)")
    boolean dev;

    @Option(names = "--extension-port", paramLabel = "PORT", description = "gRPC port extensions call Gofer back on (0 = any free port)")
    Integer extensionPort;

    @Option(names = "--install-std-extensions", paramLabel = "true|false", arity = "1",
            description = "install the interval and cron extensions at start when missing")
    Boolean installStdExtensions;

    @Option(names = "--std-extensions-image", paramLabel = "IMAGE",
            description = "gofer image the standard extensions run from (default: the image Gofer runs in, else gofer:latest)")
    String stdExtensionsImage;

    @Option(names = "--encryption-key", paramLabel = "KEY",
            description = "32-byte key for secrets: 64 hex chars or base64 (prefer env GOFER_ENCRYPTION_KEY: flags show in ps)")
    String encryptionKey;


    @Option(names = "--object-size-limit", paramLabel = "BYTES", description = "largest object accepted")
    Long objectSizeLimit;

    @Option(names = "--task-log-limit", paramLabel = "BYTES", description = "bytes of output kept per task log")
    Long taskLogLimit;

    @Option(names = "--pipeline-object-limit", paramLabel = "N", description = "objects kept per pipeline before the oldest is evicted")
    Integer pipelineObjectLimit;

    @Option(names = "--run-object-expiry", paramLabel = "N", description = "newer runs after which a run's objects are deleted")
    Integer runObjectExpiry;

    /** Only the flags given on the command line, keyed like the config file, so they override every other source. */
    JsonObject flags() {
        JsonObject flags = new JsonObject();
        putIfGiven(flags, "bind_address", bindAddress);
        putIfGiven(flags, "port", port);
        putIfGiven(flags, "data_dir", dataDir == null ? null : dataDir.toString());
        putIfGiven(flags, "docker_host", dockerHost);
        putIfGiven(flags, "docker_api_version", dockerApiVersion);
        putIfGiven(flags, "task_stop_timeout", taskStopTimeout);
        putIfGiven(flags, "external_url", externalUrl);
        putIfGiven(flags, "store", store);
        putIfGiven(flags, "shutdown_mode", shutdownMode);
        if (dev) {
            flags.put("development_mode", "true");
        }
        putIfGiven(flags, "extension_port", extensionPort);
        putIfGiven(flags, "install_std_extensions", installStdExtensions == null ? null : installStdExtensions.toString());
        putIfGiven(flags, "std_extensions_image", stdExtensionsImage);
        putIfGiven(flags, "encryption_key", encryptionKey);
        putIfGiven(flags, "object_size_limit", objectSizeLimit);
        putIfGiven(flags, "task_log_limit", taskLogLimit);
        putIfGiven(flags, "pipeline_object_limit", pipelineObjectLimit);
        putIfGiven(flags, "run_object_expiry", runObjectExpiry);
        return flags;
    }

    @Override
    public Integer call() throws Exception {
        Vertx loader = Vertx.vertx();
        Vertx vertx = loader;
        ServerSettings settings;
        GoferServer server;
        try {
            settings = await(ServerSettings.load(loader, config, flags()), STARTUP_TIMEOUT_SECONDS);
            ServerMetrics metrics = ServerMetrics.of(settings);
            if (metrics.enabled()) {
                // Vert.x reports HTTP requests, pools and the JVM only to a Vertx built with the metrics
                vertx = metrics.newVertx();
                loader.close();
            }
            if (System.getenv("GOFER_IMAGE") != null) {
                // in the gofer image a missing or forbidden socket cannot fix itself (on a host, dockerd may start later)
                java.util.Optional<String> socket = EngineSocket.problem(settings.dockerHost());
                if (socket.isPresent()) {
                    throw new IllegalArgumentException(socket.get());
                }
            }
            server = await(GoferServer.start(vertx, settings, metrics), STARTUP_TIMEOUT_SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("Gofer did not start: " + describe(e), e);
        }
        spec.commandLine().getOut().printf("Gofer listening on http://%s:%d (data in %s), extensions call back on port %d%n",
                displayHost(settings.bindAddress()), server.port(), settings.dataDir(), server.extensionPort());
        spec.commandLine().getOut().flush();

        CountDownLatch stopped = new CountDownLatch(1);
        Vertx running = vertx;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop(server, running);
            stopped.countDown();
        }, "gofer-shutdown"));
        stopped.await(); // the JVM exits once the shutdown hook has run
        return 0;
    }

    private static void stop(GoferServer server, Vertx vertx) {
        System.err.println("Gofer stopping...");
        try {
            await(server.close(), SHUTDOWN_TIMEOUT_SECONDS);
        } catch (Exception e) {
            System.err.println("error: stopping the server failed: " + describe(e));
        }
        try {
            await(vertx.close(), SHUTDOWN_TIMEOUT_SECONDS);
        } catch (Exception e) {
            System.err.println("error: stopping Vert.x failed: " + describe(e));
        }
        System.err.println("Gofer stopped");
    }

    private static <T> T await(Future<T> future, long seconds) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** A wildcard bind address is not something to type into a browser; the loopback address always works. */
    private static String displayHost(String bindAddress) {
        return switch (bindAddress) {
            case "", "0.0.0.0", "::", "[::]" -> "127.0.0.1";
            default -> bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
        };
    }

    private static void putIfGiven(JsonObject flags, String key, Object value) {
        if (value != null) {
            flags.put(key, value);
        }
    }

    /** Builds the help footer from {@link ServerSettings#SETTINGS}, so a new setting is documented the moment it exists. */
    public static final class SettingsFooter implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            List<String> lines = new ArrayList<>();
            lines.add("");
            lines.add("Settings (a flag beats its GOFER_* env var, which beats the --config file, which beats the default):");
            for (ServerSettings.Setting s : ServerSettings.SETTINGS) {
                String dflt = s.defaultValue().isEmpty() ? "empty" : s.defaultValue();
                String heading = String.format("  %s  (env %s, default: %s)", s.key(), s.env(), dflt);
                if (heading.length() > 78) {
                    // picocli would wrap it mid-value: long defaults (image names) get their own line
                    heading = String.format("  %s  (env %s,%n      default: %s)", s.key(), s.env(), dflt);
                }
                // picocli runs footer lines through String.format, hence the escaping
                lines.add(heading.replace("%", "%%").replace("%%n", "%n"));
                lines.add(("      " + s.description()).replace("%", "%%"));
            }
            lines.add("");
            lines.add("Config file keys are the setting names above, e.g. `port: 9090` in YAML.");
            spec.usageMessage().footer(lines.toArray(String[]::new));
            return spec;
        }
    }
}
