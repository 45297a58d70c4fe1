package dev.gofer.sdk.client;

import static dev.gofer.sdk.client.Transport.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.util.Map;

/** Extensions: {@code /api/extensions}. A pipeline subscribes through {@link Pipelines#subscribe}. */
public final class Extensions {
    private final Transport t;

    Extensions(Transport transport) {
        this.t = transport;
    }

    /** Installs and starts an extension; returns {@code {"extension": Extension}} once it runs. */
    public JsonNode install(String id, String image, Map<String, String> settings) {
        ObjectNode body = t.object().put("id", id).put("image", image);
        Transport.putMap(body, "settings", settings);
        return t.send("POST", "/api/extensions", body);
    }

    /** {@code {"extensions": [Extension]}}. */
    public JsonNode list() {
        return t.send("GET", "/api/extensions", null);
    }

    /** {@code {"extension": Extension}}, with its documentation. */
    public JsonNode get(String id) {
        return t.send("GET", "/api/extensions/" + segment(id), null);
    }

    /**
     * {@code {"info": text, ...}}: what Gofer knows of the extension (state, restarts, last error, container id,
     * subscriptions with their status); never its key or settings.
     */
    public JsonNode debug(String id) {
        return t.send("GET", "/api/extensions/" + segment(id) + "/debug", null);
    }

    public void setEnabled(String id, boolean enable) {
        t.send("PATCH", "/api/extensions/" + segment(id), t.object().put("enable", enable));
    }

    /** Unsubscribes every pipeline, stops the extension and forgets it. */
    public void uninstall(String id) {
        t.send("DELETE", "/api/extensions/" + segment(id), null);
    }

    /** {@code {"subscriptions": [Subscription]}} of one extension. */
    public JsonNode listSubscriptions(String id) {
        return t.send("GET", "/api/extensions/" + segment(id) + "/subscriptions", null);
    }

    /** Copies the extension's container output to {@code out}; with {@code follow} until it is uninstalled or the caller stops. */
    public void streamLogs(String id, boolean follow, OutputStream out) {
        t.copy("/api/extensions/" + segment(id) + "/logs" + (follow ? "?follow=true" : ""), out, "the log of extension " + id);
    }
}
