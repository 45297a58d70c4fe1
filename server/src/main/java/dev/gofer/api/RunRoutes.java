package dev.gofer.api;

import dev.gofer.auth.AccessCheck;
import dev.gofer.bus.Bus.RetryRun;
import dev.gofer.bus.Bus.StartRun;
import dev.gofer.events.Actor;
import dev.gofer.runs.Runs;
import dev.gofer.events.EventLog;
import dev.gofer.events.NewEvent;
import dev.gofer.model.GoferException;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.model.TaskKey;
import dev.gofer.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs and task executions. Starting and cancelling go to the orchestrator; reads come from the store. */
final class RunRoutes {
    private static final String RUNS = "/api/namespaces/:namespace_id/pipelines/:pipeline_id/runs";
    private final Store store;
    private final Runs runs;
    private final EventLog events;

    RunRoutes(Store store, Runs runs, EventLog events) {
        this.store = store;
        this.runs = runs;
        this.events = events;
    }

    void mount(ApiRouter router) {
        router.post(RUNS).handler(this::start);
        router.get(RUNS).handler(ctx -> {
            int limit = Params.query(ctx, "limit", 50, 1000);
            int offset = Params.query(ctx, "offset", 0, Integer.MAX_VALUE);
            boolean newestFirst = Params.flag(ctx, "reverse");
            // runs exist only in an existing pipeline: the pipeline is looked up only to tell "none" from "no pipeline"
            Replies.json(ctx, 200, store.runs(Params.ns(ctx), Params.pipeline(ctx), limit, offset, newestFirst)
                    .compose(runs -> runs.isEmpty() ? pipeline(ctx).map(runs) : Future.succeededFuture(runs))
                    .map(runs -> new JsonObject().put("runs", PipelineRoutes.array(runs, ApiJson::run))));
        });
        router.get(RUNS + "/:run_id").handler(ctx -> Replies.json(ctx, 200,
                run(ctx).map(r -> new JsonObject().put("run", ApiJson.run(r)))));
        // the cancellation request is itself an event, recorded before the orchestrator acts on it
        router.delete(RUNS + "/:run_id").handler(ctx -> Replies.empty(ctx,
                run(ctx).compose(r -> (r.state() == RunState.COMPLETE ? Future.succeededFuture()
                                : events.record(NewEvent.startedRunCancellation(r.key())).mapEmpty())
                        .compose(v -> runs.cancel(r.key())))));
        // one task: the event (with the container's stop grace) is recorded once the orchestrator took the request
        router.delete(RUNS + "/:run_id/tasks/:task_id").handler(ctx -> Replies.empty(ctx,
                taskKey(ctx).compose(key -> runs.cancelTask(key)
                        .compose(grace -> events.record(NewEvent.startedTaskExecutionCancellation(key, grace))).mapEmpty())));
        router.post(RUNS + "/:run_id/retry").handler(this::retry);
        router.get(RUNS + "/:run_id/tasks").handler(ctx -> Replies.json(ctx, 200,
                run(ctx).compose(r -> store.tasks(r.key())).map(tasks ->
                        new JsonObject().put("task_executions", PipelineRoutes.array(tasks, ApiJson::taskExecution)))));
        router.get(RUNS + "/:run_id/tasks/:task_id").handler(ctx -> Replies.json(ctx, 200,
                taskKey(ctx).compose(store::task).compose(t -> PipelineRoutes.found(t, noTask(ctx)))
                        .map(t -> new JsonObject().put("task_execution", ApiJson.taskExecution(t)))));
    }

    private void start(RoutingContext ctx) {
        Map<String, String> variables = variables(ctx.body().asString());
        StartRun req = new StartRun(Params.ns(ctx), Params.pipeline(ctx), variables,
                AccessCheck.caller(ctx).initiator());
        Replies.json(ctx, 201, runs.start(req).map(run -> new JsonObject().put("run", ApiJson.run(run))));
    }

    /** Re-run from failure; the body is optional: {@code {"from": ["task", ...]}} also re-runs those tasks and their dependants. */
    private void retry(RoutingContext ctx) {
        List<String> from = from(ctx.body().asString());
        Replies.json(ctx, 201, run(ctx).compose(original -> runs.retry(new RetryRun(original.key(), from,
                        AccessCheck.caller(ctx).initiator()), Actor.current()))
                .map(run -> new JsonObject().put("run", ApiJson.run(run))));
    }

    private static List<String> from(String body) {
        List<String> out = new ArrayList<>();
        JsonObject json = optionalBody(body, "{\"from\": [\"task-id\", ...]}").orElse(null);
        if (json == null) {
            return out;
        }
        for (String field : json.fieldNames()) {
            if (!field.equals("from")) {
                throw GoferException.invalid(field + ": unknown field; the only field is from (a list of task ids to run again)");
            }
        }
        Object list = json.getValue("from");
        if (list == null) {
            return out;
        }
        if (!(list instanceof JsonArray ids)) {
            throw GoferException.invalid("from: must be a list of task ids, e.g. [\"build\"]");
        }
        for (int i = 0; i < ids.size(); i++) {
            if (!(ids.getValue(i) instanceof String id)) {
                throw GoferException.invalid("from[" + i + "]: must be a task id (a string)");
            }
            out.add(id);
        }
        return out;
    }

    /** The body is optional for webhook-style callers; when present, {@code variables} maps names to strings. */
    private static Map<String, String> variables(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        Object vars = optionalBody(body, "{\"variables\": {\"KEY\": \"value\"}}").map(json -> json.getValue("variables")).orElse(null);
        if (vars == null) {
            return out;
        }
        if (!(vars instanceof JsonObject map)) {
            throw GoferException.invalid("variables: must be an object of names to string values");
        }
        for (String key : map.fieldNames()) {
            if (!(map.getValue(key) instanceof String value)) {
                throw GoferException.invalid("variables." + key + ": must be a string");
            }
            out.put(key, value);
        }
        return out;
    }

    /** An optional JSON object body: empty when there is none; 400 saying what was expected when it is not JSON. */
    private static Optional<JsonObject> optionalBody(String body, String expected) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new JsonObject(body));
        } catch (DecodeException e) {
            throw GoferException.invalid("request body is not valid JSON: expected " + expected + " or no body");
        }
    }

    private Future<Void> pipeline(RoutingContext ctx) {
        String ns = Params.ns(ctx);
        String id = Params.pipeline(ctx);
        return store.pipeline(ns, id).compose(p -> PipelineRoutes.found(p,
                "pipeline '" + id + "' not found in namespace '" + ns + "'")).mapEmpty();
    }

    private Future<Run> run(RoutingContext ctx) {
        long runId = Params.pathLong(ctx, "run_id");
        RunKey key = new RunKey(Params.ns(ctx), Params.pipeline(ctx), runId);
        // one query when the run exists (its pipeline does too); the pipeline's own 404 only when it is missing
        return store.run(key).compose(r -> r.isPresent() ? Future.succeededFuture(r.get())
                : pipeline(ctx).compose(v -> PipelineRoutes.found(r, "run " + runId + " of pipeline '" + key.pipelineId() + "' not found")));
    }

    Future<TaskKey> taskKey(RoutingContext ctx) {
        return run(ctx).map(r -> r.key().task(Params.task(ctx)));
    }

    static String noTask(RoutingContext ctx) {
        return "task '" + Params.task(ctx) + "' not found in run " + ctx.pathParam("run_id");
    }
}
