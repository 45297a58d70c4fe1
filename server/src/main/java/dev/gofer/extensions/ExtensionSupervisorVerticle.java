package dev.gofer.extensions;

import dev.gofer.bus.Bus;
import dev.gofer.bus.Bus.ExtensionContainerExited;
import dev.gofer.config.ServerSettings;
import dev.gofer.runs.Runs;
import dev.gofer.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.server.GrpcServer;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code ExtensionHost} on {@code extension_port} (all interfaces, so containers reach it through the
 * engine's network), answers {@link Extensions} on the bus and runs the {@link ExtensionSupervisor}, all on this
 * verticle's context. The engine is reached through {@link ExtensionContainers} on the bus.
 */
public final class ExtensionSupervisorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ExtensionSupervisorVerticle.class);

    private final ExtensionStore store;
    private final Store pipelines;
    private final ServerSettings settings;
    private final Map<String, String> instanceLabels;
    private final Duration firstBackoff;
    private final SubscriptionSecrets.Source secrets;
    private final ExtensionValues values;
    private final ExtensionTokens tokens;
    private final Future<String> apiUrl;
    private final Promise<Void> bound = Promise.promise();
    private final Promise<Extensions> ready = Promise.promise();
    private ExtensionSupervisor supervisor;
    private volatile int hostPort;

    public ExtensionSupervisorVerticle(ExtensionStore store, Store pipelines, ServerSettings settings,
                                       Map<String, String> instanceLabels, Duration firstBackoff, SubscriptionSecrets.Source secrets,
                                       ExtensionValues values, ExtensionTokens tokens, Future<String> apiUrl) {
        this.store = store;
        this.pipelines = pipelines;
        this.settings = settings;
        this.instanceLabels = instanceLabels;
        this.firstBackoff = firstBackoff;
        this.secrets = secrets;
        this.values = values;
        this.tokens = tokens;
        this.apiUrl = apiUrl;
    }

    @Override
    public Future<?> start() {
        // first, so the API can deploy beside the rest of this start (the gRPC server, the registrations): a request
        // that arrives before the supervisor is ready waits for it
        BusExtensions.bind(vertx.eventBus(), ready.future());
        bound.complete();
        ExtensionContainers engine = ExtensionContainers.onBus(vertx.eventBus());
        Future<String> stdImage = stdImage(engine);
        GrpcServer grpc = GrpcServer.server(vertx);
        new ExtensionHostService(key -> supervisor.authenticate(key), store, Runs.onBus(vertx.eventBus()), values).serveOn(grpc);
        return vertx.createHttpServer(new HttpServerOptions().setHost("0.0.0.0").setPort(settings.extensionPort()))
                .requestHandler(grpc).listen()
                .compose(server -> {
                    hostPort = server.actualPort();
                    // the extensions' GOFER_EXTENSION_SYSTEM_GOFER_HOST needs the engine (its network): extension starts wait for it, this start does not
                    Future<String> goferHost = engine.hostForContainers(settings.extensionHost()).map(host -> host + ":" + hostPort)
                            .onSuccess(host -> LOG.info("extensions call Gofer at {} (ExtensionHost on port {})", host, hostPort));
                    ExtensionSupervisor.Config config = new ExtensionSupervisor.Config(instanceLabels, settings.instanceId(), goferHost,
                            apiUrl, stdImage, settings.extensionLogsDir(), Duration.ofSeconds(60), firstBackoff, Duration.ofSeconds(60), Duration.ofSeconds(10));
                    supervisor = new ExtensionSupervisor(vertx, engine, store, pipelines, secrets, tokens, config);
                    vertx.eventBus().<ExtensionContainerExited>consumer(Bus.EXTENSION_CONTAINER_EXITED, msg -> {
                        ExtensionContainerExited exited = msg.body();
                        supervisor.containerExited(exited.containerId(), exited.error() == null
                                ? "container exited with code " + exited.exitCode() : "lost track of the container: " + exited.error());
                    });
                    return supervisor.startAll();
                })
                .onSuccess(v -> ready.complete(supervisor))
                .onFailure(ready::fail)
                .onSuccess(v -> {
                    if (settings.installStdExtensions()) {
                        new StandardExtensions(engine, supervisor).installMissing(stdImage);
                    }
                });
    }

    /**
     * Completes once this verticle answers {@link Extensions} on the bus, first thing in its start (requests wait
     * there until the supervisor is ready). Never completes if the deployment fails before its start.
     */
    public Future<Void> answering() {
        return bound.future();
    }

    /** The std_extensions_image setting, else the image Gofer runs in, else gofer:latest. */
    private Future<String> stdImage(ExtensionContainers engine) {
        if (!settings.stdExtensionsImage().isEmpty()) {
            return Future.succeededFuture(settings.stdExtensionsImage());
        }
        return engine.problem().compose(problem -> problem.isPresent() ? Future.succeededFuture(StandardExtensions.DEFAULT_IMAGE)
                : engine.ownImage().map(own -> own.orElse(StandardExtensions.DEFAULT_IMAGE)));
    }

    @Override
    public Future<?> stop() {
        return supervisor == null ? Future.succeededFuture() : supervisor.stopAll();
    }

    /** The port ExtensionHost actually listens on. */
    public int hostPort() {
        return hostPort;
    }
}
