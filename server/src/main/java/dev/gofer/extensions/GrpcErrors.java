package dev.gofer.extensions;

import dev.gofer.model.GoferException;
import dev.gofer.proto.GrpcCallException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.grpc.common.GrpcStatus;

/** How a failure inside Gofer answers an extension's ExtensionHost call: the HTTP meaning mapped onto a gRPC status. */
final class GrpcErrors {
    private GrpcErrors() {
    }

    static GrpcCallException of(Throwable e) {
        if (e instanceof GrpcCallException g) {
            return g;
        }
        int code = e instanceof ReplyException r ? r.failureCode() : e instanceof GoferException g ? g.kind().httpStatus : 500;
        GrpcStatus status = switch (code) {
            case 400, 413 -> GrpcStatus.INVALID_ARGUMENT;
            case 404 -> GrpcStatus.NOT_FOUND;
            case 409, 503 -> GrpcStatus.FAILED_PRECONDITION;
            default -> GrpcStatus.INTERNAL;
        };
        return new GrpcCallException(status, e.getMessage());
    }
}
