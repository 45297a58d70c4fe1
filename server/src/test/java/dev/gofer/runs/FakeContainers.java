package dev.gofer.runs;

import dev.gofer.model.RunKey;
import dev.gofer.model.TaskKey;
import dev.gofer.scheduler.ContainerSpec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container engine in memory. Starts succeed at once unless {@link #holdStarts()} (an image being pulled):
 * then each waits until the test calls {@link #finishStart}. Finds answer at once with what exists when they
 * are asked, unless {@link #holdFinds()}. Exits are not reported by this class: the test reports them to the
 * orchestrator, as the scheduler would.
 */
final class FakeContainers implements Containers {
    /** Existing containers by id, with their labels. */
    final Map<String, Map<String, String>> engine = new LinkedHashMap<>();
    /** Task ids in the order their containers were asked for. */
    final List<String> starts = new ArrayList<>();
    final List<String> stops = new ArrayList<>();
    final List<Duration> stopGraces = new ArrayList<>();
    final List<String> removed = new ArrayList<>();
    final List<String> adopted = new ArrayList<>();
    final List<String> closedLogs = new ArrayList<>();
    /** "task#attempt" per log kept apart before a retry. */
    final List<String> archivedLogs = new ArrayList<>();
    /** The spec of every start, in order. */
    final List<ContainerSpec> specs = new ArrayList<>();
    final Map<TaskKey, String> ids = new LinkedHashMap<>();
    private final Map<String, Promise<String>> pendingStarts = new LinkedHashMap<>();
    private final Map<String, ContainerSpec> pendingSpecs = new LinkedHashMap<>();
    private final List<Runnable> pendingFinds = new ArrayList<>();
    private boolean holdStarts;
    private boolean holdFinds;
    /** Looking for one task's container fails (the engine answers errors); listing all of them still works. */
    boolean taskLookupsFail;
    private int created;

    void holdStarts() {
        holdStarts = true;
    }

    void holdFinds() {
        holdFinds = true;
    }

    /** Answers the finds held so far (with what existed when they were asked) and stops holding new ones. */
    void releaseFinds() {
        holdFinds = false;
        List<Runnable> answers = List.copyOf(pendingFinds);
        pendingFinds.clear();
        answers.forEach(Runnable::run);
    }

    void finishStart(String taskId) {
        Promise<String> p = pendingStarts.remove(taskId);
        p.complete(create(pendingSpecs.remove(taskId)));
    }

    void failStart(String taskId, String why) {
        pendingSpecs.remove(taskId);
        pendingStarts.remove(taskId).fail(why);
    }

    /** A container left by an earlier process. */
    String existing(Map<String, String> labels) {
        String id = "c" + (++created);
        engine.put(id, Map.copyOf(labels));
        return id;
    }

    long running(String taskId) {
        return ids.entrySet().stream().filter(e -> e.getKey().taskId().equals(taskId) && engine.containsKey(e.getValue())).count();
    }

    private String create(ContainerSpec spec) {
        return existing(spec.labels());
    }

    @Override
    public Future<String> start(TaskKey task, ContainerSpec spec) {
        starts.add(task.taskId());
        specs.add(spec);
        if (holdStarts) {
            Promise<String> p = Promise.promise();
            pendingStarts.put(task.taskId(), p);
            pendingSpecs.put(task.taskId(), spec);
            return p.future().onSuccess(id -> ids.put(task, id));
        }
        String id = create(spec);
        ids.put(task, id);
        return Future.succeededFuture(id);
    }

    @Override
    public Future<Void> stop(TaskKey task, String containerId, Duration grace) {
        stops.add(task.taskId());
        stopGraces.add(grace);
        return Future.succeededFuture();
    }

    @Override
    public Future<List<String>> find(Map<String, String> labels) {
        if (taskLookupsFail && labels.containsKey("gofer.task")) {
            return Future.failedFuture("engine unavailable");
        }
        List<String> found = engine.entrySet().stream()
                .filter(e -> e.getValue().entrySet().containsAll(labels.entrySet()))
                .map(Map.Entry::getKey).toList();
        if (!holdFinds) {
            return Future.succeededFuture(found);
        }
        Promise<List<String>> p = Promise.promise();
        pendingFinds.add(() -> p.complete(found));
        return p.future();
    }

    @Override
    public Future<Void> adopt(TaskKey task, String containerId) {
        adopted.add(task.taskId());
        ids.put(task, containerId);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> remove(String containerId) {
        removed.add(containerId);
        engine.remove(containerId);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> archiveLog(TaskKey task, int attempt) {
        archivedLogs.add(task.taskId() + "#" + attempt);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> closeLog(TaskKey task) {
        closedLogs.add(task.taskId());
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> maskInLogs(RunKey run, List<String> secretValues) {
        return Future.succeededFuture();
    }

    @Override
    public void forgetMasks(RunKey run) {
    }
}
