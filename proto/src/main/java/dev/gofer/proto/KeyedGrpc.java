package dev.gofer.proto;

import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.server.GrpcServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Unary gRPC calls that carry the extension key, for both sides of {@code gofer.extension.v1}. The generated
 * stubs cannot add metadata per call nor check it before the handler runs, so both sides go through here.
 */
public final class KeyedGrpc {
    /** The metadata entry every call carries in both directions. */
    public static final String KEY_HEADER = "gofer-extension-key";

    private KeyedGrpc() {
    }

    /** Calls {@code method} with the key; fails with {@link GrpcCallException} when the peer answers another status than OK. */
    public static <Req, Resp> Future<Resp> call(GrpcClient client, SocketAddress address, ServiceMethod<Resp, Req> method,
                                                String key, Req message, Duration timeout) {
        return client.request(address, method).compose(req -> {
            if (key != null) {
                req.headers().set(KEY_HEADER, key);
            }
            req.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
            req.end(message);
            return req.response().compose(resp -> resp.last().transform(ar -> {
                if (resp.status() != null && resp.status() != GrpcStatus.OK) {
                    return Future.<Resp>failedFuture(new GrpcCallException(resp.status(), resp.statusMessage()));
                }
                return ar.succeeded() ? Future.succeededFuture(ar.result()) : Future.<Resp>failedFuture(ar.cause());
            }));
        });
    }

    /**
     * Serves {@code method}: the caller's key goes through {@code authenticate} (empty = refused with
     * UNAUTHENTICATED before the request is read, and {@code refused} is told which method was refused and why);
     * otherwise {@code handler} gets who the caller is and the message. A {@link GrpcCallException} from the
     * handler becomes its status; anything else is INTERNAL.
     */
    public static <T, Req, Resp> void serve(GrpcServer server, ServiceMethod<Req, Resp> method,
                                            Function<String, Optional<T>> authenticate,
                                            BiConsumer<String, String> refused,
                                            BiFunction<T, Req, Future<Resp>> handler) {
        server.callHandler(method, req -> {
            String key = req.headers().get(KEY_HEADER);
            Optional<T> caller = key == null || key.isEmpty() ? Optional.empty() : authenticate.apply(key);
            if (caller.isEmpty()) {
                refused.accept(req.fullMethodName(), key == null || key.isEmpty() ? "no key" : "wrong key");
                req.response().status(GrpcStatus.UNAUTHENTICATED)
                        .statusMessage("missing or wrong " + KEY_HEADER).end();
                return;
            }
            req.handler(msg -> {
                Future<Resp> result;
                try {
                    result = handler.apply(caller.get(), msg);
                } catch (RuntimeException e) {
                    result = Future.failedFuture(e);
                }
                result.onSuccess(r -> req.response().end(r)).onFailure(e -> {
                    GrpcStatus status = e instanceof GrpcCallException g ? g.status() : GrpcStatus.INTERNAL;
                    req.response().status(status).statusMessage(e.getMessage() == null ? status.name() : e.getMessage()).end();
                });
            });
        });
    }

    /** Compares keys in constant time, so response timing says nothing about how much of a guess was right. */
    public static boolean sameKey(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
