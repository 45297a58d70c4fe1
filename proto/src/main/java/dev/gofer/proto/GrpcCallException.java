package dev.gofer.proto;

import io.vertx.grpc.common.GrpcStatus;

/** A gRPC call that ended with a status other than OK, with the peer's message (meant for users). */
public final class GrpcCallException extends RuntimeException {
    private final GrpcStatus status;

    public GrpcCallException(GrpcStatus status, String message) {
        super(message == null || message.isEmpty() ? status.name() : message);
        this.status = status;
    }

    public GrpcStatus status() {
        return status;
    }

    public static GrpcCallException invalid(String message) {
        return new GrpcCallException(GrpcStatus.INVALID_ARGUMENT, message);
    }
}
