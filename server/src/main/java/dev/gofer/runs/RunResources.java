package dev.gofer.runs;

import dev.gofer.model.RunKey;
import dev.gofer.model.TaskExecution;
import dev.gofer.sdk.config.RegistryAuth;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

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

    /** A retried run starts with the objects of the run it retries. */
    default Future<Void> copyRunObjects(RunKey from, RunKey to) {
        return Future.succeededFuture();
    }

    /** The run ended (any way): revokes what was minted for it (its API token). Called before it is stored complete. */
    Future<Void> runEnded(RunKey run);

    /**
     * Crash recovery is done: revokes what is left of runs that are not {@code active} (a crash at a run's end).
     * {@code active} is asked when the leftovers are known, so a run started meanwhile keeps its token.
     */
    Future<Void> recovered(Predicate<RunKey> active);

    /** {@code registryAuth}: the task's registry credentials with a secret placeholder in {@code pass} filled (or null). */
    record Resolved(Map<String, String> env, List<String> secretValues, RegistryAuth registryAuth) {
        public Resolved(Map<String, String> env, List<String> secretValues) {
            this(env, secretValues, null);
        }

        @Override
        public String toString() {
            return "Resolved[" + env.size() + " variables, " + secretValues.size() + " secrets]";
        }
    }

    /** No stores: variables pass unchanged. */
    RunResources NONE = new RunResources() {
        @Override
        public Future<Resolved> resolve(TaskExecution task) {
            Map<String, String> env = new LinkedHashMap<>();
            task.variables().forEach(v -> env.put(v.key(), v.value()));
            return Future.succeededFuture(new Resolved(env, List.of(), task.task().registryAuth()));
        }

        @Override
        public Future<Void> runChanged(String namespaceId, String pipelineId) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> runEnded(RunKey run) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> recovered(Predicate<RunKey> active) {
            return Future.succeededFuture();
        }
    };
}
