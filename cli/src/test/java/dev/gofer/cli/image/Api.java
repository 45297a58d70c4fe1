package dev.gofer.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Gofer's HTTP API at the host port Docker published for a container's 8080. */
final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String base;
    String token;

    private Api(String base) {
        this.base = base;
    }

    /** Waits until the container's API answers on its published port (which a restart may change). */
    static Api published(String container) {
        Api api = poll(() -> {
            String mapping = Docker.run("port", container, "8080/tcp").output();
            return mapping.matches("127\\.0\\.0\\.1:\\d+") ? new Api("http://" + mapping) : null;
        }, a -> a != null, Duration.ofSeconds(60), "a published port for " + container + "\n" + Docker.run("logs", container).output());
        poll(() -> api.status("/api/system/metadata"), s -> s == 200, Duration.ofSeconds(90),
                "the API of " + container + " to answer\n" + Docker.run("logs", container).output());
        return api;
    }

    String bootstrap() throws IOException {
        HttpResponse<String> res = send("POST", "/api/tokens/bootstrap", null);
        assertEquals(201, res.statusCode(), res.body());
        token = JSON.readTree(res.body()).get("secret").asText();
        return token;
    }

    /** The answer's JSON, or null when it is not 2xx (so a poll keeps polling). */
    JsonNode json(String method, String path, Object body) {
        try {
            HttpResponse<String> res = send(method, path, body);
            return res.statusCode() / 100 == 2 ? JSON.readTree(res.body()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    void expect(int status, String method, String path, Object body) throws IOException {
        HttpResponse<String> res = send(method, path, body);
        assertEquals(status, res.statusCode(), method + " " + path + ": " + res.body());
    }

    String text(String path) throws IOException {
        HttpResponse<String> res = send("GET", path, null);
        assertEquals(200, res.statusCode(), path + ": " + res.body());
        return res.body();
    }

    private int status(String path) {
        try {
            return send("GET", path, null).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private HttpResponse<String> send(String method, String path, Object body) throws IOException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            req.header("content-type", "application/json");
        }
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Polls every 200 ms until {@code done}, failing with {@code what} and the last value past {@code bound}. */
    static <T> T poll(Supplier<T> get, Predicate<T> done, Duration bound, String what) {
        Instant deadline = Instant.now().plus(bound);
        while (true) {
            T value = get.get();
            if (done.test(value)) {
                return value;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + bound + " waiting for " + what + "; last: " + value);
            }
            pause(200);
        }
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
