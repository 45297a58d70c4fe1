package dev.gofer.sdk.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;

/**
 * What every resource of {@link GoferClient} shares: one {@link HttpClient}, the base URL and token, JSON
 * requests and answers, streamed bodies, and the mapping of failures to {@link GoferApiException} and
 * {@link GoferUnreachableException}.
 */
final class Transport {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    final ObjectMapper json = new ObjectMapper();
    private final String baseUrl;
    private final String token;
    private final HttpClient http;

    Transport(String baseUrl, String token) {
        this.baseUrl = normalise(baseUrl);
        this.token = token == null || token.isBlank() ? null : token.trim();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    String baseUrl() {
        return baseUrl;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    /** {@code map} (null = empty) as a JSON object under {@code field} of {@code body}. */
    static void putMap(ObjectNode body, String field, Map<String, String> map) {
        ObjectNode node = body.putObject(field);
        if (map != null) {
            map.forEach(node::put);
        }
    }

    static void putList(ObjectNode body, String field, List<String> list) {
        list.forEach(body.putArray(field)::add);
    }

    JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString());
        HttpRequest.Builder builder = request(path).timeout(REQUEST_TIMEOUT).method(method, publisher);
        if (body != null) {
            builder.header("content-type", "application/json");
        }
        HttpResponse<String> response = exchange(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return answer(method + " " + path, response);
    }

    /** The JSON of a 2xx answer ({} when empty); a {@link GoferApiException} otherwise. */
    JsonNode answer(String what, HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw apiError(response.statusCode(), response.body());
        }
        String text = response.body();
        if (text == null || text.isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(what + " answered with something that is not JSON: " + abbreviate(text), e);
        }
    }

    /** Opens a streamed GET (no timeout: a followed stream lasts as long as what it follows); fails on non-2xx. */
    InputStream open(String path) {
        HttpResponse<InputStream> response = exchange(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 != 2) {
            try (InputStream body = response.body()) {
                throw apiError(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("reading the error of GET " + path + " failed: " + e.getMessage(), e);
            }
        }
        return response.body();
    }

    /** Copies a streamed GET's body to {@code out} as it arrives, flushing after every chunk. */
    void copy(String path, OutputStream out, String what) {
        try (InputStream body = open(path)) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = body.read(buffer)) != -1) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + what + " from " + baseUrl + " failed: " + e.getMessage(), e);
        }
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header(GoferClient.API_VERSION_HEADER, GoferClient.API_VERSION)
                .header("accept", "application/json, text/plain");
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    /**
     * Opens a WebSocket (ws:// or wss:// on the same host) to {@code path}, sending the token. A refused handshake
     * throws as any refused call; Java's client drops the refusal's body, so {@code explain} says what its status means.
     */
    WebSocket webSocket(String path, WebSocket.Listener listener, IntFunction<String> explain) {
        WebSocket.Builder b = http.newWebSocketBuilder().header(GoferClient.API_VERSION_HEADER, GoferClient.API_VERSION);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + path);
        try {
            return b.buildAsync(uri, listener).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                int status = refused.getResponse().statusCode();
                Object body = refused.getResponse().body();
                throw body instanceof String text && !text.isBlank() ? apiError(status, text)
                        : new GoferApiException(status, null, explain.apply(status), null);
            }
            if (causedBy(e, ConnectException.class)) {
                throw new GoferUnreachableException(baseUrl, e);
            }
            throw new UncheckedIOException("opening " + uri + " failed: " + e.getCause(), new IOException(e.getCause()));
        }
    }

    <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new GoferUnreachableException(baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted while calling " + request.uri()));
        } catch (IOException e) {
            // java.net.http sometimes wraps "connection refused" in a plain IOException
            if (causedBy(e, ConnectException.class)) {
                throw new GoferUnreachableException(baseUrl, e);
            }
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e, e);
        }
    }

    private GoferApiException apiError(int status, String body) {
        String message = null;
        String code = null;
        String requestId = null;
        try {
            JsonNode error = body == null || body.isBlank() ? null : json.readTree(body);
            if (error != null && error.isObject()) {
                message = text(error, "message");
                code = text(error, "error_code");
                requestId = text(error, "request_id");
            }
        } catch (IOException notJson) {
            // fall through: show the body as it is
        }
        if (message == null || message.isBlank()) {
            message = "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + abbreviate(body));
        }
        return new GoferApiException(status, code, message, requestId);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    // ---- paths ----

    static String pipelines(String namespace) {
        return "/api/namespaces/" + segment(namespace) + "/pipelines";
    }

    static String pipeline(String namespace, String pipeline) {
        return pipelines(namespace) + "/" + segment(pipeline);
    }

    static String run(String namespace, String pipeline, long run) {
        return pipeline(namespace, pipeline) + "/runs/" + run;
    }

    static String task(String namespace, String pipeline, long run, String task) {
        return run(namespace, pipeline, run) + "/tasks/" + segment(task);
    }

    static String segment(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("an id in the request path is empty");
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Accepts {@code host:port} as well as a full URL; rejects what can never work with a message saying why. */
    private static String normalise(String baseUrl) {
        String url = baseUrl == null || baseUrl.isBlank() ? GoferClient.DEFAULT_BASE_URL : baseUrl.trim();
        if (!url.contains("://")) {
            url = "http://" + url;
        }
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        try {
            URI uri = new URI(url);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + baseUrl + "' is not a Gofer server URL; use e.g. " + GoferClient.DEFAULT_BASE_URL);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + baseUrl + "' is not a Gofer server URL (" + e.getReason()
                    + "); use e.g. " + GoferClient.DEFAULT_BASE_URL, e);
        }
        return url;
    }

    private static String abbreviate(String text) {
        String t = text.strip();
        return t.length() <= 200 ? t : t.substring(0, 200) + "...";
    }
}
