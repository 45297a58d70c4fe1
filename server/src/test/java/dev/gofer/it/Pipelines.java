package dev.gofer.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Builds pipeline configs (the JSON the API takes) for tests. */
final class Pipelines {
    private Pipelines() {
    }

    static JsonObject pipeline(String id, JsonObject... tasks) {
        JsonArray list = new JsonArray();
        for (JsonObject t : tasks) {
            list.add(t);
        }
        return new JsonObject().put("id", id).put("name", "Test " + id).put("description", "").put("parallelism", 0)
                .put("tasks", list);
    }

    /** A busybox task running {@code sh -c script}. */
    static JsonObject task(String id, String script) {
        return new JsonObject().put("id", id).put("image", GoferTestServer.IMAGE)
                .put("command", new JsonArray().add("sh").add("-c").add(script))
                .put("depends_on", new JsonObject()).put("variables", new JsonObject());
    }

    static JsonObject dependsOn(JsonObject task, String parent, String condition) {
        task.getJsonObject("depends_on").put(parent, condition);
        return task;
    }
}
