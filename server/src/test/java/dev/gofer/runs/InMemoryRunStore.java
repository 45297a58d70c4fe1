package dev.gofer.runs;

import dev.gofer.model.ConfigVersion;
import dev.gofer.model.Deployment;
import dev.gofer.model.Namespace;
import dev.gofer.model.PipelineMetadata;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.model.WaitingFor;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskKey;
import dev.gofer.sdk.config.PipelineConfig;
import dev.gofer.store.Store;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The part of {@link Store} the orchestrator uses, in memory and answering at once; everything else throws.
 * Every write is also kept in order, so a test can see what was stored and how often. Like the SQL stores, it
 * refuses to move a run or a task out of {@code COMPLETE}: a second orchestration of one run shows up here.
 */
final class InMemoryRunStore implements Store {
    private final Map<String, ConfigVersion> live = new LinkedHashMap<>();
    private final Map<RunKey, Run> runs = new LinkedHashMap<>();
    private final Map<TaskKey, TaskExecution> tasks = new LinkedHashMap<>();
    private final Map<String, Long> lastRunId = new LinkedHashMap<>();
    final List<Run> runWrites = new ArrayList<>();
    final List<TaskExecution> taskWrites = new ArrayList<>();
    /** Every {@link #update} call: the changes stored together, as one transaction of a real store. */
    final List<List<Change>> batches = new ArrayList<>();
    /** How many times a run's tasks were read. */
    int taskReads;

    /** Registers and deploys the config as version 1 of an active pipeline. */
    ConfigVersion deploy(String namespaceId, PipelineConfig config) {
        ConfigVersion v = new ConfigVersion(namespaceId, config.id(), 1, config, ConfigVersion.LIVE, 0, 0);
        live.put(namespaceId + "/" + config.id(), v);
        return v;
    }

    /** A run and its tasks as a previous process left them. */
    void putUnfinished(Run run, List<TaskExecution> runTasks) {
        runs.put(run.key(), run);
        runTasks.forEach(t -> tasks.put(t.key(), t));
        lastRunId.merge(run.key().namespaceId() + "/" + run.key().pipelineId(), run.key().runId(), Math::max);
    }

    Run run(long runId) {
        return runs.values().stream().filter(r -> r.key().runId() == runId).findFirst().orElseThrow();
    }

    TaskExecution task(RunKey run, String taskId) {
        return tasks.get(run.task(taskId));
    }

    long completions(RunKey run) {
        return runWrites.stream().filter(r -> r.key().equals(run) && r.state() == RunState.COMPLETE).count();
    }

    @Override
    public Future<Optional<PipelineMetadata>> pipeline(String namespaceId, String pipelineId) {
        return Future.succeededFuture(Optional.ofNullable(live.get(namespaceId + "/" + pipelineId))
                .map(c -> new PipelineMetadata(namespaceId, pipelineId, PipelineMetadata.ACTIVE, 0, 0)));
    }

    @Override
    public Future<Optional<ConfigVersion>> config(String namespaceId, String pipelineId, long version) {
        return liveConfig(namespaceId, pipelineId);
    }

    @Override
    public Future<Optional<ConfigVersion>> liveConfig(String namespaceId, String pipelineId) {
        return Future.succeededFuture(Optional.ofNullable(live.get(namespaceId + "/" + pipelineId)));
    }

    @Override
    public Future<NewRun> createRun(String namespaceId, String pipelineId, LongFunction<NewRun> plan) {
        long id = lastRunId.merge(namespaceId + "/" + pipelineId, 1L, Long::sum);
        NewRun created = plan.apply(id);
        runs.put(created.run().key(), created.run());
        created.tasks().forEach(t -> tasks.put(t.key(), t));
        return Future.succeededFuture(created);
    }

    @Override
    public Future<Void> updateRun(Run run) {
        Run before = runs.get(run.key());
        if (before.state() == RunState.COMPLETE) {
            return Future.failedFuture(new IllegalStateException("run " + run.key() + " is already complete"));
        }
        runs.put(run.key(), run);
        runWrites.add(run);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> updateTask(TaskExecution task) {
        TaskExecution before = tasks.get(task.key());
        if (before.state() != task.state() && !before.state().canMoveTo(task.state())) {
            return Future.failedFuture(new IllegalStateException("task " + task.key().slug() + " cannot move from "
                    + before.state() + " to " + task.state()));
        }
        tasks.put(task.key(), task);
        taskWrites.add(task);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> update(List<Change> changes) {
        batches.add(List.copyOf(changes));
        return Store.super.update(changes);
    }

    @Override
    public Future<Void> updateWaiting(RunKey key, WaitingFor why) {
        runs.computeIfPresent(key, (k, r) -> r.state() == RunState.PENDING ? r.waiting(why) : r);
        return Future.succeededFuture();
    }

    @Override
    public Future<Optional<Run>> run(RunKey key) {
        return Future.succeededFuture(Optional.ofNullable(runs.get(key)));
    }

    @Override
    public Future<List<Run>> unfinishedRuns() {
        return Future.succeededFuture(runs.values().stream().filter(r -> r.state() != RunState.COMPLETE).toList());
    }

    @Override
    public Future<List<TaskExecution>> tasks(RunKey key) {
        taskReads++;
        return Future.succeededFuture(tasks.values().stream().filter(t -> t.key().run().equals(key)).toList());
    }

    @Override
    public Future<Optional<TaskExecution>> task(TaskKey key) {
        return Future.succeededFuture(Optional.ofNullable(tasks.get(key)));
    }

    // ---- not used by the orchestrator ------------------------------------------------------------

    @Override
    public Future<Void> migrate() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> close() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<List<Namespace>> namespaces() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Optional<Namespace>> namespace(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> ensureNamespace(Namespace namespace) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<List<PipelineMetadata>> pipelines(String namespaceId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<ConfigVersion> registerConfig(String namespaceId, PipelineConfig config, long now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<List<ConfigVersion>> configs(String namespaceId, String pipelineId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Deployment> deploy(String namespaceId, String pipelineId, long version, long now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<List<Run>> runs(String namespaceId, String pipelineId, int limit, int offset, boolean newestFirst) {
        throw new UnsupportedOperationException();
    }
}
