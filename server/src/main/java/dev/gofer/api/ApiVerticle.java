package dev.gofer.api;

import dev.gofer.auth.AccessCheck;
import dev.gofer.extensions.ExtensionSupervisor;
import dev.gofer.logs.LogStore;
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
    private final ExtensionSupervisor extensions;
    private HttpServer server;

    public ApiVerticle(Store store, LogStore logs, String bindAddress, int port, JsonObject metadata, ExtensionSupervisor extensions) {
        this.extensions = extensions;
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
            ctx.next();
        });
        router.get("/api/system/metadata").handler(ctx -> ctx.json(metadata));
        router.route("/api/*").handler(AccessCheck::allowAll);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));

        new PipelineRoutes(store).mount(router);
        RunRoutes runs = new RunRoutes(store, vertx.eventBus());
        runs.mount(router);
        new LogRoutes(vertx, store, logs, runs).mount(router);
        new ExtensionRoutes(vertx, extensions).mount(router);

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
