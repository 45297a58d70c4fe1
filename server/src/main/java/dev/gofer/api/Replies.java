package dev.gofer.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Ends a request with the result of a future, or hands its failure to {@link ApiError}. */
final class Replies {
    private Replies() {
    }

    static void json(RoutingContext ctx, int status, Future<JsonObject> body) {
        body.onSuccess(json -> ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(JsonBodies.encode(json))).onFailure(ctx::fail);
    }

    static void empty(RoutingContext ctx, Future<?> done) {
        done.onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
    }
}
