package dev.gofer.sdk.client;

import static dev.gofer.sdk.client.Transport.pipeline;
import static dev.gofer.sdk.client.Transport.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** A pipeline's runs. */
public final class Runs {
    private final Transport t;

    Runs(Transport transport) {
        this.t = transport;
    }

    /** Starts a run of the live config; {@code variables} override the config's. Returns {@code {"run": Run}}. */
    public JsonNode start(String namespace, String pipeline, Map<String, String> variables) {
        ObjectNode body = t.object();
        Transport.putMap(body, "variables", variables);
        return t.send("POST", pipeline(namespace, pipeline) + "/runs", body);
    }

    /** {@code {"runs": [Run]}}; {@code reverse} = newest first. */
    public JsonNode list(String namespace, String pipeline, int limit, int offset, boolean reverse) {
        return t.send("GET", pipeline(namespace, pipeline) + "/runs?limit=" + limit + "&offset=" + offset
                + "&reverse=" + reverse, null);
    }

    /** {@code {"run": Run}}. */
    public JsonNode get(String namespace, String pipeline, long run) {
        return t.send("GET", run(namespace, pipeline, run), null);
    }

    /**
     * Re-runs a complete run from where it failed: a new run of its config version and variables that reuses the
     * tasks that succeeded; {@code from} (may be empty) also re-runs those tasks and their dependants.
     * Returns {@code {"run": Run}} (the new run).
     */
    public JsonNode retry(String namespace, String pipeline, long run, List<String> from) {
        ObjectNode body = t.object();
        from.forEach(body.putArray("from")::add);
        return t.send("POST", run(namespace, pipeline, run) + "/retry", body);
    }

    /** Asks the server to cancel every task of the run; returns once the request is accepted. */
    public void cancel(String namespace, String pipeline, long run) {
        t.send("DELETE", run(namespace, pipeline, run), null);
    }
}
