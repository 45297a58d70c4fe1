package dev.gofer.api;

import dev.gofer.auth.AccessCheck;
import dev.gofer.logs.LogStore;
import dev.gofer.objects.ObjectStore;
import dev.gofer.secrets.Secrets;
import dev.gofer.store.Store;
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
    private final ObjectStore objects;
    private final Secrets secrets;
    private HttpServer server;

    public ApiVerticle(Store store, LogStore logs, String bindAddress, int port, JsonObject metadata) {
        this(store, logs, bindAddress, port, metadata, null, null);
    }

    /** {@code objects} and {@code secrets} null: their routes are not mounted. */
    public ApiVerticle(Store store, LogStore logs, String bindAddress, int port, JsonObject metadata,
                       ObjectStore objects, Secrets secrets) {
        this.objects = objects;
        this.secrets = secrets;
        this.store = store;
        this.logs = logs;
        this.bindAddress = bindAddress;
        this.port = port;
        this.metadata = metadata;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            ctx.put("request_id", UUID.randomUUID().toString());
            ctx.response().putHeader("x-request-id", (String) ctx.get("request_id"));
            if (ObjectRoutes.isUpload(ctx.request())) {
                // held until the object route streams it, whatever asynchronous checks come first
                ctx.request().pause();
            }
            ctx.next();
        });
        router.get("/api/system/metadata").handler(ctx -> ctx.json(metadata));
        router.route("/api/*").handler(AccessCheck::allowAll);
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        // Object uploads are streamed to the object store, never buffered here.
        router.route("/api/*").handler(ctx -> {
            if (ObjectRoutes.isUpload(ctx.request())) {
                ctx.next();
            } else {
                bodies.handle(ctx);
            }
        });

        new PipelineRoutes(store).mount(router);
        RunRoutes runs = new RunRoutes(store, vertx.eventBus());
        runs.mount(router);
        new LogRoutes(vertx, store, logs, runs).mount(router);
        if (objects != null) {
            new ObjectRoutes(store, objects).mount(router);
        }
        if (secrets != null) {
            new SecretRoutes(store, secrets).mount(router);
        }

        router.route("/api/*").handler(ctx -> ctx.fail(new dev.gofer.model.GoferException(
                dev.gofer.model.GoferException.Kind.NOT_FOUND, "no API route " + ctx.request().method() + " " + ctx.request().path())));
        router.route().failureHandler(ApiError::handle);

        return vertx.createHttpServer(new HttpServerOptions().setHost(bindAddress).setPort(port))
                .requestHandler(router).listen().onSuccess(s -> server = s);
    }

    public int actualPort() {
        return server.actualPort();
    }
}
