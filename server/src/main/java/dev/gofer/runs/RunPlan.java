package dev.gofer.runs;

import dev.gofer.bus.Bus.StartRun;
import dev.gofer.events.NewEvent;
import dev.gofer.model.ConfigVersion;
import dev.gofer.model.Initiator;
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
import java.util.Set;

/** What a new run looks like before anything runs: the run, pending, and one task execution per task of its config. */
final class RunPlan {
    private RunPlan() {
    }

    /** The variables a start request gives, in its order, with its source. */
    static List<Variable> given(StartRun req) {
        List<Variable> runVars = new ArrayList<>();
        req.variables().forEach((k, v) -> runVars.add(new Variable(k, v, req.variableSource())));
        return runVars;
    }

    /** @param runVars the run's variables, checked against the config's inputs and with their defaults ({@link RunInputs}) */
    static Store.NewRun of(ConfigVersion config, RunKey key, StartRun req, List<Variable> runVars, long now) {
        Run run = new Run(key, config.version(), now, 0, RunState.PENDING, RunStatus.UNKNOWN, null, req.initiator(), runVars);
        List<TaskExecution> tasks = new ArrayList<>();
        for (TaskConfig task : config.config().tasks()) {
            tasks.add(new TaskExecution(key.task(task.id()), task, now, 0, 0, null, TaskState.PROCESSING,
                    TaskStatus.UNKNOWN, null, environment(key, task, runVars), false, false));
        }
        return new Store.NewRun(run, tasks);
    }

    /** The plan with its run admitted as it is created ({@code running}); its tasks wait for their turn from the start. */
    static Store.NewRun admitted(Store.NewRun plan, Run running) {
        List<TaskExecution> tasks = plan.tasks().stream()
                .map(t -> t.state() == TaskState.PROCESSING ? t.moveTo(TaskState.WAITING) : t)
                .toList();
        return new Store.NewRun(running, tasks, plan.events());
    }

    /**
     * A retry of {@code original}: its config version and {@code variables} (the original's, checked against the inputs), {@code initiator} as who started it; the tasks in
     * {@code reused} are complete from the start, successful with {@code original}'s exit code and times, and name
     * the run that really ran them (whose log they show).
     */
    static Store.NewRun retry(ConfigVersion config, RunKey key, Run original, List<Variable> variables,
                              Map<String, TaskExecution> originalTasks, Set<String> reused, Initiator initiator,
                              List<NewEvent> events, long now) {
        Run run = new Run(key, config.version(), now, 0, RunState.PENDING, RunStatus.UNKNOWN, null, initiator, variables);
        List<TaskExecution> tasks = new ArrayList<>();
        for (TaskConfig task : config.config().tasks()) {
            List<Variable> env = environment(key, task, variables);
            TaskExecution before = originalTasks.get(task.id());
            if (reused.contains(task.id())) {
                long ranIn = before.reusedFromRun() != null ? before.reusedFromRun() : original.key().runId();
                tasks.add(new TaskExecution(key.task(task.id()), task, now, before.started(), before.ended(), before.exitCode(),
                        TaskState.COMPLETE, TaskStatus.SUCCESSFUL, null, env, before.logsExpired(), before.logsRemoved(),
                        before.attempt(), before.earlierAttempts(), 0, 0, ranIn));
            } else {
                tasks.add(new TaskExecution(key.task(task.id()), task, now, 0, 0, null, TaskState.PROCESSING,
                        TaskStatus.UNKNOWN, null, env, false, false));
            }
        }
        return new Store.NewRun(run, tasks, events);
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
