package dev.gofer;

import dev.gofer.config.ServerSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Placeholder: replaced by the real wiring. */
public final class GoferServer {
    private GoferServer() {
    }

    /** Starts every verticle and the HTTP API; the future completes once the API listens. */
    public static Future<GoferServer> start(Vertx vertx, ServerSettings settings) {
        return Future.failedFuture("not built yet");
    }

    /** The port the HTTP API actually listens on (useful when the settings asked for port 0). */
    public int port() {
        return 0;
    }

    /** Stops the API and undeploys the verticles; running containers are left to the next start's recovery. */
    public Future<Void> close() {
        return Future.succeededFuture();
    }
}
