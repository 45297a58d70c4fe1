package dev.gofer.cli.service;

import dev.gofer.GoferServer;
import dev.gofer.metrics.ServerMetrics;
import dev.gofer.config.ServerSettings;
import dev.gofer.scheduler.docker.EngineSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "start",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        modelTransformer = SettingFlags.class,
        description = {
                "Start the Gofer server (HTTP API and scheduler) and keep it running until Ctrl-C or SIGTERM."
                        + " Needs a Docker engine: tasks run as containers on it.",
                "",
                "Examples:",
                "  gofer service start",
                "  gofer service start --port 9090 --data-dir /var/lib/gofer",
                "  GOFER_DOCKER_HOST=tcp://127.0.0.1:2375 gofer service start --settings gofer.yaml",
                ""})
public final class StartService implements Callable<Integer> {
    private static final long STARTUP_TIMEOUT_SECONDS = 120;
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 60;

    @Spec
    CommandSpec spec;

    @Option(names = "--settings", paramLabel = "FILE", description = "YAML or JSON file with any of the settings below")
    Path settingsFile;

    /** The old name of --settings, kept working: the CLI's own --config names its token file, so the server's file now has its own flag. */
    @Option(names = "--config", paramLabel = "FILE", hidden = true, description = "deprecated: use --settings")
    Path deprecatedConfig;

    /**
     * A training start for the class-data archive (see docs/settings.md, "JVM flags"): start, answer a few
     * requests to itself, stop and exit, so {@code -XX:ArchiveClassesAtExit} records what a start loads.
     */
    @Option(names = "--exit-when-ready", hidden = true)
    boolean exitWhenReady;

    /** Only the settings given on the command line, keyed like the settings file, so they override every other source. */
    JsonObject flags() {
        return SettingFlags.given(spec);
    }

    /** The settings file given with --settings (or the deprecated --config), or null. */
    Path settingsFile() {
        if (deprecatedConfig != null) {
            if (settingsFile != null) {
                throw new ParameterException(spec.commandLine(), "--config is the old name of --settings: give only --settings");
            }
            spec.commandLine().getErr().println("warning: service start --config is deprecated, use --settings " + deprecatedConfig);
            return deprecatedConfig;
        }
        return settingsFile;
    }

    @Override
    public Integer call() throws Exception {
        Path file = settingsFile();
        Vertx loader = Vertx.vertx();
        Vertx vertx = loader;
        ServerSettings settings;
        GoferServer server;
        try {
            settings = await(ServerSettings.load(loader, file, flags()), STARTUP_TIMEOUT_SECONDS);
            ServerMetrics metrics = ServerMetrics.of(settings);
            if (metrics.enabled()) {
                // Vert.x reports HTTP requests, pools and the JVM only to a Vertx built with the metrics
                vertx = metrics.newVertx();
                loader.close();
            }
            if (System.getenv("GOFER_IMAGE") != null) {
                // in the gofer image a missing or forbidden socket cannot fix itself (on a host, dockerd may start later)
                Optional<String> socket = EngineSocket.problem(settings.dockerHost());
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
        if (exitWhenReady) {
            TrainingRequests.send(server.port()).forEach(spec.commandLine().getOut()::println);
            stop(server, vertx);
            return 0;
        }

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
}
