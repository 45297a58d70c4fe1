package dev.gofer.runs;

import dev.gofer.model.TaskExecution;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/** What the orchestrator needs from the object and secret stores. */
public interface RunResources {
    /**
     * The task's environment with every {@code pipeline_secret{{KEY}}}-style placeholder replaced, and the
     * secret values used (to be masked in the run's logs). Fails, with a message naming the key and never a
     * value, when a placeholder cannot be filled.
     */
    Future<Resolved> resolve(TaskExecution task);

    /** Housekeeping whenever a run of the pipeline starts or ends: expires old runs' objects. */
    Future<Void> runChanged(String namespaceId, String pipelineId);

    record Resolved(Map<String, String> env, List<String> secretValues) {
        @Override
        public String toString() {
            return "Resolved[" + env.size() + " variables, " + secretValues.size() + " secrets]";
        }
    }

    /** No stores: variables pass unchanged. */
    RunResources NONE = new RunResources() {
        @Override
        public Future<Resolved> resolve(TaskExecution task) {
            Map<String, String> env = new java.util.LinkedHashMap<>();
            task.variables().forEach(v -> env.put(v.key(), v.value()));
            return Future.succeededFuture(new Resolved(env, List.of()));
        }

        @Override
        public Future<Void> runChanged(String namespaceId, String pipelineId) {
            return Future.succeededFuture();
        }
    };
}
