package dev.gofer.runs;

import dev.gofer.bus.Bus.RetryRun;
import dev.gofer.events.NewEvent;
import dev.gofer.model.ConfigVersion;
import dev.gofer.model.GoferException;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskStatus;
import dev.gofer.model.Variable;
import dev.gofer.store.Store;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-run from failure: stores a new run of the original's config version and variables, whose tasks that
 * succeeded in the original (see {@link RetryPlan}) are reused instead of run, and copies the original's run
 * objects into it. The new run is pending; the caller queues it like any other.
 */
final class RunRetry {
    private static final Logger LOG = LoggerFactory.getLogger(RunRetry.class);
    /** The new run, stored, with its config. */
    record Created(Run run, ConfigVersion config) {
    }

    private final Store store;
    private final RunResources resources;

    RunRetry(Store store, RunResources resources) {
        this.store = store;
        this.resources = resources;
    }

    Future<Created> create(RetryRun req, long now) {
        RunKey original = req.original();
        return store.run(original)
                .compose(found -> found.isEmpty()
                        ? Future.failedFuture(GoferException.notFound("run " + original.runId() + " of pipeline '"
                                + original.pipelineId() + "' not found"))
                        : checkComplete(found.get()))
                .compose(run -> store.config(original.namespaceId(), original.pipelineId(), run.configVersion())
                        .compose(config -> config.isPresent() ? Future.succeededFuture(config.get())
                                : Future.failedFuture(GoferException.notFound("config version " + run.configVersion()
                                        + " of run " + original.runId() + " no longer exists")))
                        .compose(config -> store.tasks(original).compose(tasks -> store(req, run, config, tasks, now))));
    }

    private static Future<Run> checkComplete(Run run) {
        if (run.state() != RunState.COMPLETE) {
            return Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT, "run " + run.key().runId()
                    + " is still " + run.state().wire() + "; retry it once it is complete (or cancel it first)"));
        }
        return Future.succeededFuture(run);
    }

    private Future<Created> store(RetryRun req, Run original, ConfigVersion config, List<TaskExecution> tasks, long now) {
        Map<String, TaskExecution> byId = new HashMap<>();
        Map<String, TaskStatus> statuses = new HashMap<>();
        for (TaskExecution t : tasks) {
            byId.put(t.key().taskId(), t);
            statuses.put(t.key().taskId(), t.status());
        }
        Set<String> reused;
        List<Variable> variables;
        try {
            // the original's variables, checked against the config version the retry runs, as a new start would be
            variables = RunInputs.resolve(config.config(), original.variables());
            reused = RetryPlan.reused(config.config(), statuses, req.from());
        } catch (GoferException e) {
            return Future.failedFuture(e);
        }
        RunKey from = original.key();
        return store.createRun(from.namespaceId(), from.pipelineId(), runId -> {
                    RunKey key = new RunKey(from.namespaceId(), from.pipelineId(), runId);
                    return RunPlan.retry(config, key, original, variables, byId, reused, req.initiator(),
                            List.of(NewEvent.retriedRun(key, from.runId(), req.from())), now);
                })
                // the run is stored: it is queued even if its objects could not all be copied (its tasks then say which is missing)
                .map(Store.NewRun::run)
                .compose(run -> resources.copyRunObjects(from, run.key())
                        .recover(e -> {
                            LOG.warn("run {}: the objects of run {} could not all be copied: {}", run.key(), from.runId(), e.getMessage());
                            return Future.succeededFuture();
                        })
                        .map(new Created(run, config)));
    }
}
