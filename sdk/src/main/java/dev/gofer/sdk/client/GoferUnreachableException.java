package dev.gofer.sdk.client;

/** Nothing answered at the client's base URL: the server is down or the URL is wrong. */
public final class GoferUnreachableException extends RuntimeException {
    private final String baseUrl;

    public GoferUnreachableException(String baseUrl, Throwable cause) {
        super("cannot reach Gofer at " + baseUrl + "; is the server running? Start it with `./gofer service start`"
                + " (or point --host / GOFER_HOST at it)", cause);
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }
}
