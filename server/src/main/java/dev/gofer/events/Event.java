package dev.gofer.events;

import io.vertx.core.json.JsonObject;

/**
 * One stored state change. {@code kind} is the contract's externally tagged kind name (e.g. {@code completed_run}),
 * {@code details} its object. {@code namespaceId}/{@code pipelineId} (may be null) say what the event is about, so
 * the stream can show each caller only what it may read; {@code actor} who made it.
 */
public record Event(String id, long emitted, String kind, String namespaceId, String pipelineId, JsonObject details,
                    Actor actor) {

    /**
     * The contract's wire shape, {@code {id, emitted, kind: {<kind>: {...}}}}, and (beyond the contract) {@code actor}:
     * who made the change, {@code {token_id, user}} for an API request, {@code {user: "gofer"}} for Gofer itself.
     */
    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("emitted", emitted)
                .put("kind", new JsonObject().put(kind, details.copy()))
                .put("actor", actor.toJson());
    }
}
