package dev.gofer.api;

import dev.gofer.model.GoferException;
import io.vertx.ext.web.Route;
import java.util.ArrayList;
import java.util.List;
import dev.gofer.auth.AccessCheck;
import dev.gofer.auth.AuthStore;
import dev.gofer.config.TaskLimits;
import dev.gofer.events.EventLog;
import dev.gofer.store.NamespaceStore;
import dev.gofer.extensions.Extensions;
import dev.gofer.logs.LogStore;
import dev.gofer.metrics.ServerMetrics;
import dev.gofer.objects.ObjectStore;
import dev.gofer.runs.Runs;
import dev.gofer.secrets.Secrets;
import dev.gofer.deletion.PipelineDeletion;
import dev.gofer.store.ConfigStore;
import dev.gofer.store.DeletionStore;
import dev.gofer.store.Store;
import dev.gofer.store.SystemPreferences;
import dev.gofer.scheduler.ContainerExec;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.UUID;

/** The REST API (the contract in shared/reference/gofer-openapi.json), on one HTTP port. */
public final class ApiVerticle extends VerticleBase {
    /** Pipeline configs and run requests are small; this keeps a bad client from filling memory. */
    private static final long MAX_BODY_BYTES = 8L * 1024 * 1024;

    private final Store store;
    private final LogStore logs;
    private final String bindAddress;
    private final int port;
    private final JsonObject metadata;
    private final Auth auth;
    private final ObjectStore objects;
    private final Secrets secrets;
    private TaskLimits taskLimits = TaskLimits.NONE;
    private ServerMetrics metrics = ServerMetrics.off();
    private SharedByInstances shared = SharedByInstances.create();
    private final PipelineAdmin admin;
    private HttpServer server;
    private Router router;

    /** What the auth, namespace and event routes need; {@code developmentMode} turns the access check off. */
    public record Auth(AuthStore store, NamespaceStore namespaces, EventLog events, boolean developmentMode) {
    }

    /** Config history, deletions users ask for, and the system preferences. */
    public record PipelineAdmin(ConfigStore configs, DeletionStore deletions, SystemPreferences preferences,
                                PipelineDeletion pipelineDeletion) {
    }

    public ApiVerticle(Store store, LogStore logs, String bindAddress, int port, JsonObject metadata, Auth auth,
                       ObjectStore objects, Secrets secrets, PipelineAdmin admin) {
        this.admin = admin;
        this.objects = objects;
        this.secrets = secrets;
        this.store = store;
        this.logs = logs;
        this.bindAddress = bindAddress;
        this.port = port;
        this.metadata = metadata;
        this.auth = auth;
    }

    /** Configs asking for more than these maximums are refused (400). */
    public ApiVerticle withTaskLimits(TaskLimits limits) {
        this.taskLimits = limits;
        return this;
    }

    /** Serves GET /metrics from these metrics and records event-stream subscribers in them (default: off, 404). */
    public ApiVerticle withMetrics(ServerMetrics metrics) {
        this.metrics = metrics;
        return this;
    }

    /** Instances deployed together share one of these ({@link ApiInstances}). */
    ApiVerticle sharing(SharedByInstances shared) {
        this.shared = shared;
        return this;
    }

    @Override
    public Future<?> start() {
        router = Router.router(vertx);
        router.route().handler(ctx -> {
            ctx.put("request_id", UUID.randomUUID().toString());
            ctx.response().putHeader("x-request-id", (String) ctx.get("request_id"));
            ctx.next();
        });
        router.route().handler(RequestGuard::handle);
        // every /api route runs the access check for its RouteTable rule first, then the body handler
        ApiRouter api = new ApiRouter(router, new AccessCheck(auth.store(), auth.developmentMode()),
                BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        api.get("/api/system/metadata").handler(ctx -> ctx.json(metadata));

        // The router tries the routes in the order they are mounted, each with a path parameter by a regex over the
        // whole path: the run routes, the most read (dashboards and `gofer run get` poll them), go first, where a
        // `GET run` was matched against ~20 routes before (7% of a read's CPU samples, 3% after; bench/PROFILE.md).
        // No route is reached first by a path meant for a later one (RoutePermissionsTest), so the order changes the
        // cost, not the answers.
        Runs orchestrator = Runs.onBus(vertx.eventBus());
        RunRoutes runs = new RunRoutes(store, orchestrator, auth.events());
        runs.mount(api);
        new PipelineRoutes(store, taskLimits, admin.configs(), admin.pipelineDeletion()).mount(api);
        new SystemRoutes(admin.preferences()).mount(api);
        new NamespaceRoutes(vertx, store, auth.namespaces(), logs, orchestrator).mount(api);
        new AttachRoute(vertx, runs, orchestrator, auth.events(), ContainerExec.onBus(vertx.eventBus())).mount(api);
        new TokenRoutes(auth.store()).mount(api);
        new RoleRoutes(auth.store()).mount(api);
        new EventRoutes(vertx, auth.events(), metrics.recorder()).mount(api);
        new LogRoutes(vertx, store, logs, runs, admin.deletions(), shared.downloads()).mount(api);
        new ExtensionRoutes(vertx, Extensions.onBus(vertx.eventBus())).mount(api);
        new ObjectRoutes(store, objects).mount(api);
        new SecretRoutes(store, secrets).mount(api);

        new MetricsRoute(metrics).mount(router);
        new Dashboard(vertx, metadata.getString("semver", "unknown"), shared.assetStamp()).mount(router);

        router.route("/api/*").handler(ctx -> ctx.fail(new GoferException(
                GoferException.Kind.NOT_FOUND, "no API route " + ctx.request().method() + " " + ctx.request().path())));
        router.route().failureHandler(ApiError::handle);

        return vertx.createHttpServer(new HttpServerOptions().setHost(bindAddress).setPort(port))
                .requestHandler(router).listen().onSuccess(s -> server = s);
    }

    /** The router's routes as {@code "METHOD /path/template"} (the route-permission test walks these). */
    public List<String> routes() {
        List<String> out = new ArrayList<>();
        for (Route r : router.getRoutes()) {
            if (r.getPath() != null && r.methods() != null) {
                r.methods().forEach(m -> out.add(m.name() + " " + r.getPath()));
            }
        }
        return out;
    }

    public int actualPort() {
        return server.actualPort();
    }
}
