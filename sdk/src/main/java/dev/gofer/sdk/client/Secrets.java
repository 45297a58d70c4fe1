package dev.gofer.sdk.client;

import static dev.gofer.sdk.client.Transport.pipeline;
import static dev.gofer.sdk.client.Transport.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A pipeline's secrets or the global ones. Every method takes the store's path from {@link #of}; values are
 * returned only when asked for explicitly.
 */
public final class Secrets {
    private final Transport t;

    Secrets(Transport transport) {
        this.t = transport;
    }

    /** Where a pipeline's secrets live, or the global ones ({@code pipeline} null). */
    public String of(String namespace, String pipeline) {
        return pipeline == null ? "/api/secrets/global" : pipeline(namespace, pipeline) + "/secrets";
    }

    /** {@code {"secrets": [{key, namespaces, created}]}}: never values. */
    public JsonNode list(String store) {
        return t.send("GET", store, null);
    }

    /** {@code namespaces}: for global secrets only (regular expressions matched against whole namespace ids). */
    public JsonNode put(String store, String key, String content, List<String> namespaces, boolean force) {
        ObjectNode body = t.object();
        body.put("key", key).put("content", content).put("force", force);
        if (namespaces != null) {
            Transport.putList(body, "namespaces", namespaces);
        }
        return t.send("POST", store, body);
    }

    /** {@code {"metadata": Secret, "secret": value or null}}; the value only with {@code includeSecret}. */
    public JsonNode get(String store, String key, boolean includeSecret) {
        return t.send("GET", store + "/" + segment(key) + "?include_secret=" + includeSecret, null);
    }

    public void delete(String store, String key) {
        t.send("DELETE", store + "/" + segment(key), null);
    }
}
