package dev.gofer.runs;

import dev.gofer.bus.Bus.StartRun;
import dev.gofer.model.ConfigVersion;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.model.RunStatus;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskState;
import dev.gofer.model.TaskStatus;
import dev.gofer.model.Variable;
import dev.gofer.sdk.config.TaskConfig;
import dev.gofer.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a new run looks like before anything runs: the run, pending, and one task execution per task of its config. */
final class RunPlan {
    private RunPlan() {
    }

    static Store.NewRun of(ConfigVersion config, RunKey key, StartRun req, long now) {
        List<Variable> runVars = new ArrayList<>();
        req.variables().forEach((k, v) -> runVars.add(new Variable(k, v, req.variableSource())));
        Run run = new Run(key, config.version(), now, 0, RunState.PENDING, RunStatus.UNKNOWN, null, req.initiator(), runVars);
        List<TaskExecution> tasks = new ArrayList<>();
        for (TaskConfig task : config.config().tasks()) {
            tasks.add(new TaskExecution(key.task(task.id()), task, now, 0, 0, null, TaskState.PROCESSING,
                    TaskStatus.UNKNOWN, null, environment(key, task, runVars), false, false));
        }
        return new Store.NewRun(run, tasks);
    }

    /** System variables, then run variables, then the task's own: later wins (the contract's precedence). */
    static List<Variable> environment(RunKey run, TaskConfig task, List<Variable> runVars) {
        Map<String, Variable> env = new LinkedHashMap<>();
        put(env, new Variable("GOFER_NAMESPACE_ID", run.namespaceId(), Variable.SYSTEM));
        put(env, new Variable("GOFER_PIPELINE_ID", run.pipelineId(), Variable.SYSTEM));
        put(env, new Variable("GOFER_RUN_ID", Long.toString(run.runId()), Variable.SYSTEM));
        put(env, new Variable("GOFER_TASK_ID", task.id(), Variable.SYSTEM));
        put(env, new Variable("GOFER_TASK_IMAGE", task.image(), Variable.SYSTEM));
        runVars.forEach(v -> put(env, v));
        task.variables().forEach((k, v) -> put(env, new Variable(k, v, Variable.PIPELINE_CONFIG)));
        return new ArrayList<>(env.values());
    }

    private static void put(Map<String, Variable> env, Variable v) {
        env.remove(v.key());
        env.put(v.key(), v);
    }

    /** The stored task executions in config order, which is also the order the DAG breaks ties in. */
    static List<TaskExecution> inConfigOrder(ConfigVersion config, List<TaskExecution> tasks) {
        Map<String, TaskExecution> byId = new HashMap<>();
        tasks.forEach(t -> byId.put(t.key().taskId(), t));
        return config.config().tasks().stream().map(t -> byId.get(t.id())).toList();
    }
}
