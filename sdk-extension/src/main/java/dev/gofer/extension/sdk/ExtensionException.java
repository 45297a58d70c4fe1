package dev.gofer.extension.sdk;

import io.vertx.grpc.common.GrpcStatus;

/** Refuses a call from Gofer with a message meant for the user (name the setting that was wrong). */
public final class ExtensionException extends RuntimeException {
    private final GrpcStatus status;

    private ExtensionException(GrpcStatus status, String message) {
        super(message);
        this.status = status;
    }

    /** Bad settings or input: the user sees the message and nothing is stored. */
    public static ExtensionException invalid(String message) {
        return new ExtensionException(GrpcStatus.INVALID_ARGUMENT, message);
    }

    /** An external event the extension does not accept (bad signature, unknown sender). */
    public static ExtensionException refused(String message) {
        return new ExtensionException(GrpcStatus.PERMISSION_DENIED, message);
    }

    /** An external event for something this extension does not know (no matching subscription). */
    public static ExtensionException notFound(String message) {
        return new ExtensionException(GrpcStatus.NOT_FOUND, message);
    }

    public GrpcStatus status() {
        return status;
    }
}
