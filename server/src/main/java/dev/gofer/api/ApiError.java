package dev.gofer.api;

import io.vertx.ext.web.handler.HttpException;
import dev.gofer.model.GoferException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns any failure into the contract's {@code Error} body: {@code {request_id, error_code, message}}. */
final class ApiError {
    private static final Logger LOG = LoggerFactory.getLogger(ApiError.class);

    private ApiError() {
    }

    static void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        String message = failure == null ? "request failed" : failure.getMessage();
        if (failure instanceof GoferException g) {
            status = g.kind().httpStatus;
        } else if (failure instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE
                && r.failureCode() >= 400 && r.failureCode() < 600) {
            status = r.failureCode();
        } else if (failure instanceof HttpException h) {
            status = h.getStatusCode();
            message = h.getPayload() != null ? h.getPayload() : h.getMessage();
        }
        if (status >= 500) {
            LOG.error("{} {} failed (request {})", ctx.request().method(), ctx.request().path(), requestId(ctx), failure);
            if (!(failure instanceof GoferException) && !(failure instanceof ReplyException)) {
                message = "internal error; see the server log for request " + requestId(ctx);
            }
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        // answered before the body was read (401, 413, a bad path): close the exchange, so a client that sends its
        // whole body first reads this answer and does not wait on a connection nobody reads any more
        boolean unread = UnreadBody.pending(ctx.request());
        if (unread) {
            UnreadBody.announceClose(ctx.request());
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("request_id", requestId(ctx)).put("error_code", code(status))
                        .put("message", message).encode())
                .onComplete(v -> {
                    if (unread) {
                        UnreadBody.drainThenClose(ctx.request(), ctx.vertx());
                    }
                });
    }

    static String requestId(RoutingContext ctx) {
        return ctx.get("request_id", "-");
    }

    private static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "error";
        };
    }
}
