package dev.gofer.sdk.client;

import static dev.gofer.sdk.client.Transport.segment;

import com.fasterxml.jackson.databind.JsonNode;

/** Roles, the permissions tokens carry: {@code /api/roles}. */
public final class Roles {
    private final Transport t;

    Roles(Transport transport) {
        this.t = transport;
    }

    public JsonNode list() {
        return t.send("GET", "/api/roles", null);
    }

    public JsonNode get(String id) {
        return t.send("GET", "/api/roles/" + segment(id), null);
    }

    /** {@code role}: {@code {"id", "description", "permissions": [{"resources": [...], "actions": [...]}]}}. */
    public JsonNode create(JsonNode role) {
        return t.send("POST", "/api/roles", role);
    }

    /** {@code changes}: {@code description} and/or {@code permissions}. */
    public JsonNode update(String id, JsonNode changes) {
        return t.send("PATCH", "/api/roles/" + segment(id), changes);
    }

    public void delete(String id) {
        t.send("DELETE", "/api/roles/" + segment(id), null);
    }
}
