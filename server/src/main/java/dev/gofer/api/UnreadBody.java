package dev.gofer.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
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
        if (request.isEnded()) {
            return false;
        }
        if (http2(request)) {
            return true; // a stream not ended yet: its body is still coming
        }
        String length = request.getHeader("content-length");
        return request.getHeader("transfer-encoding") != null || length != null && !length.trim().equals("0");
    }

    /** Tells the client the connection ends after this answer (HTTP/1.x; on HTTP/2 only the stream ends). */
    static void announceClose(HttpServerRequest request) {
        if (!http2(request)) {
            request.response().putHeader("connection", "close");
        }
    }

    private static boolean http2(HttpServerRequest request) {
        return request.version() == HttpVersion.HTTP_2;
    }

    /**
     * Drops what is left of the body, then closes the connection (also past the limit or the deadline). On HTTP/2
     * the connection carries other streams: there only this stream is reset, and only past the limit or deadline.
     */
    static void drainThenClose(HttpServerRequest request, Vertx vertx) {
        long[] dropped = {0};
        boolean h2 = http2(request);
        Runnable end = () -> {
            if (h2) {
                request.response().reset();
            } else {
                request.connection().close();
            }
        };
        long timer = vertx.setTimer(DEADLINE_MS, t -> end.run());
        Runnable close = () -> {
            vertx.cancelTimer(timer);
            end.run();
        };
        request.exceptionHandler(e -> close.run());
        request.endHandler(v -> {
            vertx.cancelTimer(timer);
            if (!h2) {
                request.connection().close();
            }
        });
        request.handler(b -> {
            dropped[0] += b.length();
            if (dropped[0] > LIMIT) {
                close.run();
            }
        });
        request.resume();
    }
}
