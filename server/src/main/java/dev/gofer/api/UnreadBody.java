package dev.gofer.api;

import io.vertx.core.http.HttpServerRequest;

/**
 * A request answered before its body was read (401, 413, a refused upload): the client may still be sending.
 * Reading and dropping the rest lets it get to our answer (a client that writes its whole body first would
 * otherwise fail with a broken pipe or wait forever); past {@link #LIMIT} bytes or {@link #DEADLINE_MS}, or once the
 * body ends, the connection is closed, as the answer's {@code Connection: close} said.
 */
final class UnreadBody {
    static final long LIMIT = 64L * 1024 * 1024;
    private static final long DEADLINE_MS = 10_000;

    private UnreadBody() {
    }

    static boolean pending(HttpServerRequest request) {
        if (request.isEnded() || request.version() == io.vertx.core.http.HttpVersion.HTTP_2) {
            return false;
        }
        String length = request.getHeader("content-length");
        return request.getHeader("transfer-encoding") != null || length != null && !length.trim().equals("0");
    }

    /** Drops what is left of the body, then closes the connection (also past the limit or the deadline). */
    static void drainThenClose(HttpServerRequest request, io.vertx.core.Vertx vertx) {
        long[] dropped = {0};
        long timer = vertx.setTimer(DEADLINE_MS, t -> request.connection().close());
        Runnable close = () -> {
            vertx.cancelTimer(timer);
            request.connection().close();
        };
        request.exceptionHandler(e -> close.run());
        request.endHandler(v -> close.run());
        request.handler(b -> {
            dropped[0] += b.length();
            if (dropped[0] > LIMIT) {
                close.run();
            }
        });
        request.resume();
    }
}
