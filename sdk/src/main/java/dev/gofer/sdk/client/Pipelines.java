package dev.gofer.sdk.client;

import static dev.gofer.sdk.client.Transport.pipeline;
import static dev.gofer.sdk.client.Transport.pipelines;
import static dev.gofer.sdk.client.Transport.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Pipelines, their config versions and their extension subscriptions. */
public final class Pipelines {
    private final Transport t;

    Pipelines(Transport transport) {
        this.t = transport;
    }

    /** {@code {"pipelines": [Metadata]}}. */
    public JsonNode list(String namespace) {
        return t.send("GET", pipelines(namespace), null);
    }

    /** {@code {"pipeline": Metadata}}. */
    public JsonNode get(String namespace, String pipeline) {
        return t.send("GET", pipeline(namespace, pipeline), null);
    }

    /** {@code state}: active or disabled (a disabled pipeline starts no runs). */
    public void setState(String namespace, String pipeline, String state) {
        t.send("PATCH", pipeline(namespace, pipeline), t.object().put("state", state));
    }

    /**
     * Deletes the pipeline with its configs, runs, logs, objects, secrets and subscriptions. Refused (409) while runs
     * are pending or running, unless {@code force}, which cancels them first.
     */
    public void delete(String namespace, String pipeline, boolean force) {
        t.send("DELETE", pipeline(namespace, pipeline) + (force ? "?force=true" : ""), null);
    }

    // ---- configs ----

    /**
     * Registers {@code config} (a pipeline config as the SDK serialises it) as the pipeline's next version,
     * creating the pipeline on first use. Returns {@code {"pipeline": {"metadata": ..., "config": Config}}}.
     */
    public JsonNode registerConfig(String namespace, String pipeline, JsonNode config) {
        ObjectNode body = t.object();
        body.set("config", config);
        return t.send("POST", pipeline(namespace, pipeline) + "/configs", body);
    }

    /** {@code {"configs": [Config]}}. */
    public JsonNode listConfigs(String namespace, String pipeline) {
        return t.send("GET", pipeline(namespace, pipeline) + "/configs", null);
    }

    /** {@code {"config": Config}}; version 0 means the latest one. */
    public JsonNode getConfig(String namespace, String pipeline, long version) {
        return t.send("GET", pipeline(namespace, pipeline) + "/configs/" + version, null);
    }

    /** Makes {@code version} the live config. Returns {@code {"deployment": Deployment}}. */
    public JsonNode deployConfig(String namespace, String pipeline, long version) {
        return t.send("POST", pipeline(namespace, pipeline) + "/configs/" + version, null);
    }

    /** Deletes a config version that is not live and that no unfinished run uses. */
    public void deleteConfig(String namespace, String pipeline, long version) {
        t.send("DELETE", pipeline(namespace, pipeline) + "/configs/" + version, null);
    }

    /** {@code {"deployments": [Deployment]}}: each switch of the live config, oldest first. */
    public JsonNode listDeployments(String namespace, String pipeline) {
        return t.send("GET", pipeline(namespace, pipeline) + "/deployments", null);
    }

    // ---- subscriptions ----

    /** Subscribes the pipeline to the extension under {@code label}; the extension validates the settings. */
    public JsonNode subscribe(String namespace, String pipeline, String extension, String label, Map<String, String> settings) {
        ObjectNode body = t.object().put("extension_id", extension).put("subscription_id", label);
        Transport.putMap(body, "settings", settings);
        return t.send("POST", pipeline(namespace, pipeline) + "/subscriptions", body);
    }

    public void unsubscribe(String namespace, String pipeline, String extension, String label) {
        t.send("DELETE", pipeline(namespace, pipeline) + "/subscriptions/" + segment(extension) + "/" + segment(label), null);
    }

    /** {@code {"subscriptions": [Subscription]}} of one pipeline. */
    public JsonNode listSubscriptions(String namespace, String pipeline) {
        return t.send("GET", pipeline(namespace, pipeline) + "/subscriptions", null);
    }
}
