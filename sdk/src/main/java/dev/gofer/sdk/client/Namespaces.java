package dev.gofer.sdk.client;

import static dev.gofer.sdk.client.Transport.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Namespaces: {@code /api/namespaces}. */
public final class Namespaces {
    private final Transport t;

    Namespaces(Transport transport) {
        this.t = transport;
    }

    public JsonNode list() {
        return t.send("GET", "/api/namespaces", null);
    }

    public JsonNode get(String id) {
        return t.send("GET", "/api/namespaces/" + segment(id), null);
    }

    public JsonNode create(String id, String name, String description) {
        return t.send("POST", "/api/namespaces", t.object().put("id", id).put("name", name).put("description", description));
    }

    /** Null = unchanged. */
    public JsonNode update(String id, String name, String description) {
        ObjectNode body = t.object();
        if (name != null) {
            body.put("name", name);
        }
        if (description != null) {
            body.put("description", description);
        }
        return t.send("PATCH", "/api/namespaces/" + segment(id), body);
    }

    /** Deletes the namespace and everything in it; its unfinished runs are cancelled first. */
    public void delete(String id) {
        t.send("DELETE", "/api/namespaces/" + segment(id), null);
    }
}
