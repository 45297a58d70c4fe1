package dev.gofer.events;

import dev.gofer.extensions.ExtensionSubscription;
import dev.gofer.model.RunKey;
import dev.gofer.model.TaskKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An event before it has an id and a time. The factories are the kinds Gofer emits, spelled as in the contract's
 * {@code Kind} schema; kinds the contract lacks (token changes, namespace/pipeline updates, registered configs)
 * are Gofer extensions, listed in the README.
 */
public record NewEvent(String kind, String namespaceId, String pipelineId, JsonObject details) {

    private static NewEvent ns(String kind, String ns) {
        return new NewEvent(kind, ns, null, new JsonObject().put("namespace_id", ns));
    }

    private static NewEvent pipeline(String kind, String ns, String pipeline) {
        return new NewEvent(kind, ns, pipeline, new JsonObject().put("namespace_id", ns).put("pipeline_id", pipeline));
    }

    private static NewEvent run(String kind, RunKey k) {
        return new NewEvent(kind, k.namespaceId(), k.pipelineId(), new JsonObject().put("namespace_id", k.namespaceId())
                .put("pipeline_id", k.pipelineId()).put("run_id", k.runId()));
    }

    private static NewEvent task(String kind, TaskKey k) {
        return new NewEvent(kind, k.namespaceId(), k.pipelineId(), new JsonObject().put("namespace_id", k.namespaceId())
                .put("pipeline_id", k.pipelineId()).put("run_id", k.runId()).put("task_execution_id", k.taskId()));
    }

    public static NewEvent createdNamespace(String ns) {
        return ns("created_namespace", ns);
    }

    public static NewEvent updatedNamespace(String ns) {
        return ns("updated_namespace", ns);
    }

    public static NewEvent deletedNamespace(String ns) {
        return ns("deleted_namespace", ns);
    }

    public static NewEvent createdPipeline(String ns, String pipeline) {
        return pipeline("created_pipeline", ns, pipeline);
    }

    public static NewEvent enabledPipeline(String ns, String pipeline) {
        return pipeline("enabled_pipeline", ns, pipeline);
    }

    public static NewEvent disabledPipeline(String ns, String pipeline) {
        return pipeline("disabled_pipeline", ns, pipeline);
    }

    public static NewEvent registeredConfig(String ns, String pipeline, long version) {
        NewEvent e = pipeline("registered_config", ns, pipeline);
        e.details().put("version", version);
        return e;
    }

    /** A deployment here is instant, so it starts and completes in the same transaction. */
    public static NewEvent startedDeployment(String ns, String pipeline, long from, long to) {
        NewEvent e = pipeline("started_deployment", ns, pipeline);
        e.details().put("start_version", from).put("end_version", to);
        return e;
    }

    public static NewEvent completedDeployment(String ns, String pipeline, long from, long to) {
        NewEvent e = pipeline("completed_deployment", ns, pipeline);
        e.details().put("start_version", from).put("end_version", to);
        return e;
    }

    public static NewEvent queuedRun(RunKey k) {
        return run("queued_run", k);
    }

    /** A run was started as a retry of an earlier run of its pipeline (Gofer's kind; not in the contract). */
    public static NewEvent retriedRun(RunKey k, long originalRunId, List<String> from) {
        NewEvent e = run("retried_run", k);
        e.details().put("retried_run_id", originalRunId).put("from", new JsonArray(from));
        return e;
    }

    public static NewEvent startedRun(RunKey k) {
        return run("started_run", k);
    }

    public static NewEvent completedRun(RunKey k, String status) {
        NewEvent e = run("completed_run", k);
        e.details().put("status", status);
        return e;
    }

    public static NewEvent startedRunCancellation(RunKey k) {
        return run("started_run_cancellation", k);
    }

    /** Someone cancelled one task; {@code timeout}: seconds its container gets between SIGTERM and SIGKILL. */
    public static NewEvent startedTaskExecutionCancellation(TaskKey k, long timeout) {
        NewEvent e = task("started_task_execution_cancellation", k);
        e.details().put("timeout", timeout);
        return e;
    }

    /** Someone attached to a running task's container (G's kind); the event's actor says who. Never the command run. */
    public static NewEvent attachedTaskExecution(TaskKey k) {
        return task("attached_task_execution", k);
    }

    public static NewEvent createdTaskExecution(TaskKey k) {
        return task("created_task_execution", k);
    }

    /** An attempt of a task failed and the task runs again at {@code at} (epoch ms) as attempt {@code next} (G's kind). */
    public static NewEvent scheduledTaskRetry(TaskKey k, int next, long at, String why) {
        NewEvent e = task("scheduled_task_retry", k);
        e.details().put("attempt", next).put("retry_at", at).put("reason", why);
        return e;
    }

    public static NewEvent startedTaskExecution(TaskKey k) {
        return task("started_task_execution", k);
    }

    public static NewEvent completedTaskExecution(TaskKey k, String status) {
        NewEvent e = task("completed_task_execution", k);
        e.details().put("status", status);
        return e;
    }

    /** Storing a new key in a pipeline at its object limit removed its oldest object (G's kind; not in the contract). */
    public static NewEvent evictedPipelineObject(String ns, String pipeline, String key) {
        NewEvent e = pipeline("evicted_pipeline_object", ns, pipeline);
        e.details().put("key", key);
        return e;
    }

    public static NewEvent createdRole(String id) {
        return new NewEvent("created_role", null, null, new JsonObject().put("role_id", id));
    }

    public static NewEvent updatedRole(String id) {
        return new NewEvent("updated_role", null, null, new JsonObject().put("role_id", id));
    }

    public static NewEvent deletedRole(String id) {
        return new NewEvent("deleted_role", null, null, new JsonObject().put("role_id", id));
    }

    /** Token events carry the token's id and user, never its secret or hash. */
    public static NewEvent token(String kind, String id, String user) {
        return new NewEvent(kind, null, null, new JsonObject().put("token_id", id).put("user", user));
    }

    /** installed/uninstalled/enabled/disabled_extension, as in the contract: the extension's id and image. */
    public static NewEvent extension(String kind, String extensionId, String image) {
        return new NewEvent(kind, null, null, new JsonObject().put("id", extensionId).put("image", image));
    }

    /** pipeline_extension_subscription_registered/unregistered; never the settings (they may name secrets). */
    public static NewEvent subscription(String kind, ExtensionSubscription s) {
        return new NewEvent(kind, s.namespaceId(), s.pipelineId(), new JsonObject().put("namespace_id", s.namespaceId())
                .put("pipeline_id", s.pipelineId()).put("extension_id", s.extensionId()).put("subscription_id", s.subscriptionId()));
    }

    /** A system preference changed (GET|PATCH /api/system); the name and its new value. */
    public static NewEvent updatedSystemPreferences(String name, boolean value) {
        return new NewEvent("updated_system_preferences", null, null, new JsonObject().put("name", name).put("value", value));
    }

    /** An admin deleted a stored event; the id it had (its content is gone). */
    public static NewEvent deletedEvent(String id) {
        return new NewEvent("deleted_event", null, null, new JsonObject().put("id", id));
    }

    public static NewEvent deletedConfig(String ns, String pipeline, long version) {
        NewEvent e = pipeline("deleted_config", ns, pipeline);
        e.details().put("version", version);
        return e;
    }

    public static NewEvent deletedPipeline(String ns, String pipeline) {
        return pipeline("deleted_pipeline", ns, pipeline);
    }

    /** Retention deleted the run (its task executions, logs and objects). */
    public static NewEvent expiredRun(RunKey k) {
        return run("expired_run", k);
    }

    public static NewEvent deletedTaskLogs(TaskKey k) {
        return task("deleted_task_execution_logs", k);
    }
}
