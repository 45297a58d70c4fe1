package dev.gofer.model;

/**
 * A request Gofer refuses, with a message meant for the user. {@link Kind} says which kind of refusal,
 * so the API can pick the HTTP status without the core knowing about HTTP.
 */
public final class GoferException extends RuntimeException {
    public enum Kind {
        INVALID(400), UNAUTHORIZED(401), FORBIDDEN(403), NOT_FOUND(404), CONFLICT(409), TOO_LARGE(413), UNAVAILABLE(503);

        public final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }
    }

    private final Kind kind;

    public GoferException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static GoferException notFound(String message) {
        return new GoferException(Kind.NOT_FOUND, message);
    }

    public static GoferException invalid(String message) {
        return new GoferException(Kind.INVALID, message);
    }
}
