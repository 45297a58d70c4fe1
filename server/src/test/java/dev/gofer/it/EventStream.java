package dev.gofer.it;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A live subscriber to {@code GET /api/events}: a reader thread parses SSE frames into a queue of Event JSON. */
final class EventStream implements AutoCloseable {
    private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    private final InputStream body;
    private final Thread reader;
    private volatile boolean opened;

    private EventStream(InputStream body) {
        this.body = body;
        this.reader = new Thread(this::read, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the stream and returns once the server has subscribed (its opening comment arrived). */
    static EventStream open(GoferTestServer gofer, String query) throws Exception {
        return open(gofer, query, HttpRequest.newBuilder(URI.create(gofer.url("/api/events" + query))));
    }

    /** Opens the stream as a reconnecting EventSource does: with a {@code Last-Event-ID} header. */
    static EventStream openResuming(GoferTestServer gofer, String lastEventId) throws Exception {
        return open(gofer, "", HttpRequest.newBuilder(URI.create(gofer.url("/api/events"))).header("Last-Event-ID", lastEventId));
    }

    private static EventStream open(GoferTestServer gofer, String query, HttpRequest.Builder request) throws Exception {
        HttpRequest req = gofer.authorized(request).timeout(Duration.ofSeconds(30)).GET().build(); // until the headers
        HttpResponse<InputStream> res = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
        if (res.statusCode() != 200) {
            throw new AssertionError("GET /api/events" + query + " answered " + res.statusCode() + ": " + new String(res.body().readAllBytes()));
        }
        EventStream s = new EventStream(res.body());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!s.opened && System.nanoTime() < end) {
            Thread.sleep(50); // poll interval; the deadline bounds the wait
        }
        if (!s.opened) {
            throw new AssertionError("the event stream did not open within 30 s");
        }
        return s;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(": gofer events")) {
                    opened = true;
                } else if (line.startsWith("data: ")) {
                    events.add(new JsonObject(line.substring(6)));
                }
            }
        } catch (IOException closed) {
            // the test closed the stream
        }
    }

    /** The next event, or an AssertionError after the deadline. */
    JsonObject next(Duration deadline) throws InterruptedException {
        JsonObject e = events.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no event within " + deadline);
        }
        return e;
    }

    static String kind(JsonObject event) {
        return event.getJsonObject("kind").fieldNames().iterator().next();
    }

    static JsonObject details(JsonObject event) {
        return event.getJsonObject("kind").getJsonObject(kind(event));
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
