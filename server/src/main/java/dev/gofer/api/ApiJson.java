package dev.gofer.api;

import dev.gofer.model.ConfigVersion;
import dev.gofer.model.Deployment;
import dev.gofer.model.Namespace;
import dev.gofer.model.PipelineMetadata;
import dev.gofer.model.Run;
import dev.gofer.model.StatusReason;
import dev.gofer.model.TaskAttempt;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.Variable;
import dev.gofer.model.WaitingFor;
import dev.gofer.sdk.config.InputConfig;
import dev.gofer.sdk.config.TaskConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How each record looks on the wire: the contract's field names and enum spellings. */
final class ApiJson {
    private ApiJson() {
    }

    static JsonObject namespace(Namespace n) {
        return new JsonObject().put("id", n.id()).put("name", n.name()).put("description", n.description())
                .put("created", n.created()).put("modified", n.modified());
    }

    static JsonObject metadata(PipelineMetadata p) {
        return new JsonObject().put("namespace_id", p.namespaceId()).put("pipeline_id", p.pipelineId())
                .put("state", p.state()).put("created", p.created()).put("modified", p.modified());
    }

    static JsonObject config(ConfigVersion c) {
        JsonObject tasks = new JsonObject();
        c.config().tasks().forEach(t -> tasks.put(t.id(), task(t)));
        return new JsonObject().put("namespace_id", c.namespaceId()).put("pipeline_id", c.pipelineId())
                .put("version", c.version()).put("name", c.config().name()).put("description", c.config().description())
                .put("parallelism", c.config().parallelism()).put("max_concurrent_runs", c.config().maxConcurrentRuns())
                .put("concurrency_group", c.config().concurrencyGroup()).put("cancel_in_progress", c.config().cancelInProgress())
                .put("keep_runs", c.config().keepRuns()).put("inputs", inputs(c.config().inputs()))
                .put("state", c.state()).put("registered", c.registered())
                .put("deprecated", c.deprecated()).put("run_timeout", c.config().runTimeout()).put("tasks", tasks);
    }

    /** The declared run inputs, in order; a default is text, as run variables are. */
    static JsonArray inputs(List<InputConfig> inputs) {
        JsonArray out = new JsonArray();
        inputs.forEach(i -> out.add(new JsonObject().put("name", i.name()).put("type", i.type())
                .put("description", i.description()).put("default", i.defaultValue()).put("required", i.required())
                .put("choices", i.choices() == null ? null : new JsonArray(i.choices()))));
        return out;
    }

    static JsonObject task(TaskConfig t) {
        JsonObject deps = new JsonObject();
        t.dependsOn().forEach((parent, status) -> deps.put(parent, status.wire()));
        JsonArray vars = new JsonArray();
        t.variables().forEach((k, v) -> vars.add(variable(new Variable(k, v, Variable.PIPELINE_CONFIG))));
        return new JsonObject().put("id", t.id()).put("description", t.description()).put("image", t.image())
                // the password never leaves the server
                .put("registry_auth", t.registryAuth() == null ? null
                        : new JsonObject().put("user", t.registryAuth().user()).put("pass", ""))
                .put("depends_on", deps).put("variables", vars)
                .put("entrypoint", t.entrypoint() == null ? null : new JsonArray(t.entrypoint()))
                .put("command", t.command() == null ? null : new JsonArray(t.command()))
                .put("inject_api_token", t.injectApiToken()).put("always_pull_newest_image", t.alwaysPullNewestImage())
                .put("timeout", t.timeout()).put("retry", t.retry() == null ? null : JsonObject.mapFrom(t.retry()))
                .put("resources", t.resources() == null ? null : JsonObject.mapFrom(t.resources()));
    }

    static JsonObject deployment(Deployment d) {
        return new JsonObject().put("namespace_id", d.namespaceId()).put("pipeline_id", d.pipelineId())
                .put("deployment_id", d.deploymentId()).put("start_version", d.startVersion())
                .put("end_version", d.endVersion()).put("started", d.started()).put("ended", d.ended())
                .put("state", d.state()).put("status", d.status()).putNull("status_reason").put("logs", new JsonArray());
    }

    /** Room for a run's or a task's ~20 fields without the map growing twice on the way (as a default map does). */
    private static Map<String, Object> fields() {
        return new LinkedHashMap<>(32);
    }

    static JsonObject run(Run r) {
        return new JsonObject(fields()).put("namespace_id", r.key().namespaceId()).put("pipeline_id", r.key().pipelineId())
                .put("run_id", r.key().runId()).put("pipeline_config_version", r.configVersion())
                .put("started", r.started()).put("ended", r.ended()).put("state", r.state().wire())
                .put("status", r.status().wire()).put("status_reason", reason(r.statusReason()))
                .put("initiator", new JsonObject().put("id", r.initiator().id()).put("user", r.initiator().user()))
                .put("variables", variables(r.variables())).put("store_objects_expired", r.storeObjectsExpired())
                .put("deadline", r.deadline()).put("waiting_for", waitingFor(r.waitingFor()))
                .putNull("token_id").putNull("event_id");
    }

    /** Only pending runs wait; the run they wait behind is named, so a client can link to it. */
    private static JsonObject waitingFor(WaitingFor w) {
        if (w == null) {
            return null;
        }
        JsonObject out = new JsonObject().put("kind", w.kind());
        if (WaitingFor.MAX_CONCURRENT_RUNS.equals(w.kind())) {
            out.put("limit", w.limit());
        } else {
            out.put("group", w.group());
        }
        return out.put("pipeline_id", w.pipelineId()).put("run_id", w.runId()).put("description", w.description());
    }

    static JsonObject taskExecution(TaskExecution t) {
        return new JsonObject(fields()).put("namespace_id", t.key().namespaceId()).put("pipeline_id", t.key().pipelineId())
                .put("run_id", t.key().runId()).put("task_id", t.key().taskId()).put("task", task(t.task()))
                .put("created", t.created()).put("started", t.started()).put("ended", t.ended())
                .put("exit_code", t.exitCode()).put("state", t.state().wire()).put("status", t.status().wire())
                .put("status_reason", reason(t.statusReason())).put("variables", variables(t.variables()))
                .put("logs_expired", t.logsExpired()).put("logs_removed", t.logsRemoved())
                .put("attempt", t.attempt()).put("attempts", attempts(t.earlierAttempts()))
                .put("deadline", t.deadline()).put("retry_at", t.retryAt()).put("reused_from_run", t.reusedFromRun());
    }

    /** Earlier attempts of a retried task, oldest first; their logs are at {@code .../logs?attempt=N}. */
    private static JsonArray attempts(List<TaskAttempt> earlier) {
        JsonArray out = new JsonArray();
        earlier.forEach(a -> out.add(new JsonObject().put("attempt", a.attempt()).put("started", a.started())
                .put("ended", a.ended()).put("exit_code", a.exitCode()).put("status_reason", reason(a.statusReason()))));
        return out;
    }

    private static JsonObject reason(StatusReason r) {
        return r == null ? null : new JsonObject().put("reason", r.reason()).put("description", r.description());
    }

    private static JsonArray variables(List<Variable> vars) {
        JsonArray out = new JsonArray();
        vars.forEach(v -> out.add(variable(v)));
        return out;
    }

    private static JsonObject variable(Variable v) {
        return new JsonObject().put("key", v.key()).put("value", v.value()).put("source", v.source());
    }
}
