package dev.gofer.extensions;

import dev.gofer.events.Actor;
import dev.gofer.runs.Runs;
import dev.gofer.bus.Bus.StartRun;
import dev.gofer.config.ServerSettings;
import dev.gofer.proto.KeyedGrpc;
import dev.gofer.proto.extension.v1.ExtensionHostGrpcService;
import dev.gofer.scheduler.docker.DockerScheduler;
import dev.gofer.store.Store;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.server.GrpcServer;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code ExtensionHost} on {@code extension_port} (all interfaces, so containers reach it through the
 * Docker bridge gateway) and runs the {@link ExtensionSupervisor} on this verticle's context.
 */
public final class ExtensionSupervisorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ExtensionSupervisorVerticle.class);

    private final DockerScheduler docker;
    private final ExtensionStore store;
    private final Store pipelines;
    private final ServerSettings settings;
    private final Map<String, String> instanceLabels;
    private final Duration firstBackoff;
    private final SubscriptionSecrets.Source secrets;
    private final ExtensionValues values;
    private final ExtensionTokens tokens;
    private final Future<String> apiUrl;
    private volatile ExtensionSupervisor supervisor;
    private int hostPort;
    private Future<String> stdImage;

    public ExtensionSupervisorVerticle(DockerScheduler docker, ExtensionStore store, Store pipelines, ServerSettings settings,
                                       Map<String, String> instanceLabels, Duration firstBackoff, SubscriptionSecrets.Source secrets,
                                       ExtensionValues values, ExtensionTokens tokens, Future<String> apiUrl) {
        this.docker = docker;
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
        GrpcServer grpc = GrpcServer.server(vertx);
        serve(grpc, ExtensionHostGrpcService.StartRun, (extensionId, req) -> supervisor.hostStartRun(extensionId, req));
        serve(grpc, ExtensionHostGrpcService.GetValue, values::get);
        serve(grpc, ExtensionHostGrpcService.PutValue, values::put);
        serve(grpc, ExtensionHostGrpcService.DeleteValue, values::delete);
        serve(grpc, ExtensionHostGrpcService.ListKeys, (extensionId, req) -> values.keys(extensionId));
        return vertx.createHttpServer(new HttpServerOptions().setHost("0.0.0.0").setPort(settings.extensionPort()))
                .requestHandler(grpc).listen()
                .compose(server -> {
                    hostPort = server.actualPort();
                    // the extensions' GOFER_EXTENSION_SYSTEM_GOFER_HOST needs the engine (its bridge's gateway): extension starts wait for it, this start does not
                    Future<String> goferHost = goferHost(hostPort)
                            .onSuccess(host -> LOG.info("extensions call Gofer at {} (ExtensionHost on port {})", host, hostPort));
                    Runs runs = Runs.onBus(vertx.eventBus());
                    ExtensionSupervisor.Config config = new ExtensionSupervisor.Config(instanceLabels, settings.instanceId(), goferHost,
                            apiUrl, stdImage(), settings.extensionLogsDir(), Duration.ofSeconds(60), firstBackoff, Duration.ofSeconds(60), Duration.ofSeconds(10));
                    supervisor = new ExtensionSupervisor(vertx, docker, store, pipelines,
                            req -> runs.start(req, new Actor(req.initiator().id(), req.initiator().user())), secrets, tokens, config);
                    supervisor.bind(context);
                    return supervisor.startAll();
                })
                .onSuccess(v -> {
                    if (settings.installStdExtensions()) {
                        new StandardExtensions(vertx, docker, supervisor).installMissing(stdImage);
                    }
                });
    }

    /** Every ExtensionHost call is answered only for the running extension whose key it carries. */
    private <Req, Resp> void serve(GrpcServer grpc, io.vertx.grpc.common.ServiceMethod<Req, Resp> method,
                                   java.util.function.BiFunction<String, Req, Future<Resp>> handler) {
        KeyedGrpc.serve(grpc, method, key -> supervisor.authenticate(key),
                (name, why) -> LOG.warn("refused {} call: {} (no running extension holds that key)", name, why), handler);
    }

    /** The std_extensions_image setting, else the image Gofer runs in, else gofer:latest; resolved once. */
    private Future<String> stdImage() {
        if (stdImage == null) {
            stdImage = !settings.stdExtensionsImage().isEmpty() ? Future.succeededFuture(settings.stdExtensionsImage())
                    : vertx.executeBlocking(() -> docker.problem().isPresent() ? StandardExtensions.DEFAULT_IMAGE
                            : docker.self().map(dev.gofer.scheduler.docker.SelfContainer::image).orElse(StandardExtensions.DEFAULT_IMAGE));
        }
        return stdImage;
    }

    /** GOFER_EXTENSION_SYSTEM_GOFER_HOST: the extension_host setting, or the Docker bridge gateway, with the port actually listened on. */
    private Future<String> goferHost(int port) {
        return vertx.executeBlocking(() -> docker.hostForContainers(settings.extensionHost()) + ":" + port);
    }

    @Override
    public Future<?> stop() {
        return supervisor == null ? Future.succeededFuture() : supervisor.stopAll();
    }

    /** Available once the verticle started. */
    public ExtensionSupervisor supervisor() {
        return supervisor;
    }

    public int hostPort() {
        return hostPort;
    }
}
