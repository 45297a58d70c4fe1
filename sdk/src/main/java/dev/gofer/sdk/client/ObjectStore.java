package dev.gofer.sdk.client;

import static dev.gofer.sdk.client.Transport.pipeline;
import static dev.gofer.sdk.client.Transport.run;
import static dev.gofer.sdk.client.Transport.segment;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The object store of a pipeline or of a run. Every method takes the store's path from {@link #of}, e.g.
 * {@code client.objects().list(client.objects().of("default", "build", null))}.
 */
public final class ObjectStore {
    private final Transport t;

    ObjectStore(Transport transport) {
        this.t = transport;
    }

    /** Where a pipeline's objects live ({@code run} null) or a run's. */
    public String of(String namespace, String pipeline, Long run) {
        return (run == null ? pipeline(namespace, pipeline) : run(namespace, pipeline, run)) + "/objects";
    }

    /** {@code {"objects": [{key, created, size}]}}. */
    public JsonNode list(String store) {
        return t.send("GET", store, null);
    }

    /**
     * Streams {@code content} (not buffered) as the object's bytes. Without {@code force} an existing key is a
     * 409. Returns {@code {"object": {...}, "object_limit", "object_evicted"}}.
     */
    public JsonNode put(String store, String key, InputStream content, boolean force) {
        HttpRequest request = t.request(store + "/" + segment(key) + "?force=" + force)
                .header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> content)).build();
        return t.answer("putting object " + key, t.exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    /** Copies the object's bytes to {@code out} as they arrive. */
    public void get(String store, String key, OutputStream out) {
        try (InputStream body = t.open(store + "/" + segment(key))) {
            body.transferTo(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("reading object " + key + " from " + t.baseUrl() + " failed: " + e.getMessage(), e);
        }
    }

    public void delete(String store, String key) {
        t.send("DELETE", store + "/" + segment(key), null);
    }
}
