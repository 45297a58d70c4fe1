package dev.gofer.events;

import io.vertx.core.json.JsonObject;

/**
 * One stored state change. {@code kind} is the contract's externally tagged kind name (e.g. {@code completed_run}),
 * {@code details} its object. {@code namespaceId}/{@code pipelineId} (may be null) say what the event is about, so
 * the stream can show each caller only what it may read.
 */
public record Event(String id, long emitted, String kind, String namespaceId, String pipelineId, JsonObject details) {

    /** The contract's wire shape: {@code {id, emitted, kind: {<kind>: {...}}}}. */
    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("emitted", emitted)
                .put("kind", new JsonObject().put(kind, details.copy()));
    }
}
