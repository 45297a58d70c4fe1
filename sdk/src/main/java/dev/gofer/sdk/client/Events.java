package dev.gofer.sdk.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** The event stream: {@code GET /api/events} (Server-Sent Events). */
public final class Events {
    private final Transport t;

    Events(Transport transport) {
        this.t = transport;
    }

    /**
     * Hands each event's JSON to {@code each}. {@code history} replays stored events first (after {@code from}
     * when given); {@code follow} keeps the stream open for new events (the call then returns only when the
     * server closes it).
     */
    public void stream(boolean history, String from, boolean follow, Consumer<JsonNode> each) {
        StringBuilder path = new StringBuilder("/api/events?history=").append(history).append("&follow=").append(follow);
        if (from != null) {
            path.append("&from=").append(Transport.query(from));
        }
        try (InputStream body = t.open(path.toString());
             BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    each.accept(t.json.readTree(line.substring(6)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading events from " + t.baseUrl() + " failed: " + e.getMessage(), e);
        }
    }

    /** Deletes one stored event (admins only); the deletion is itself an event. */
    public void delete(String id) {
        t.send("DELETE", "/api/events/" + Transport.segment(id), null);
    }
}
