package dev.gofer.sdk.client;

/**
 * The server answered with a non-2xx status. {@link #getMessage()} is the server's own {@code message},
 * which already says what was wrong with the request.
 */
public final class GoferApiException extends RuntimeException {
    private final int status;
    private final String errorCode;
    private final String requestId;

    public GoferApiException(int status, String errorCode, String message, String requestId) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.requestId = requestId;
    }

    /** The HTTP status, e.g. 404 for an unknown pipeline, run or task. */
    public int status() {
        return status;
    }

    /** The server's machine-readable {@code error_code}, or null when it sent none. */
    public String errorCode() {
        return errorCode;
    }

    /** The server's {@code request_id}, worth quoting when reading the server's log; may be null. */
    public String requestId() {
        return requestId;
    }
}
