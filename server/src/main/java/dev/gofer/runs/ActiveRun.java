package dev.gofer.runs;

import dev.gofer.metrics.GoferMetrics;
import dev.gofer.dag.Node;
import dev.gofer.dag.RunSnapshot;
import dev.gofer.model.ConfigVersion;
import dev.gofer.model.Run;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskState;
import dev.gofer.sdk.config.TaskConfig;
import dev.gofer.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/** The state of one run that is not complete yet, owned by its {@link RunDriver}. Touched only on the orchestrator's thread. */
final class ActiveRun {
    Run run;
    final ConfigVersion config;
    /** In config order, which is also the order ties are broken in. */
    final Map<String, TaskExecution> tasks = new LinkedHashMap<>();
    /** Tasks handed to the scheduler (whether or not their container is up yet). */
    final Set<String> launched = new HashSet<>();
    final Map<String, String> containerIds = new HashMap<>();
    final Set<String> stopping = new HashSet<>();
    /** Tasks whose container is being stopped because their attempt ran past its deadline. */
    final Set<String> timedOut = new HashSet<>();
    /** Tasks waiting for their next attempt (their retry timer has not fired yet). */
    final Set<String> backingOff = new HashSet<>();
    /** Tasks cancelled one by one (DELETE .../tasks/{task}); a container of theirs that ends, ends cancelled. */
    final Set<String> cancelledTasks = new HashSet<>();
    boolean cancelRequested;
    /** The cancel was the run's own timeout: what it ends ends with reason timeout. */
    boolean runTimedOut;
    /** Writes of one run are chained so they land in the order they were decided. */
    private Future<Void> writes = Future.succeededFuture();
    /**
     * Row changes decided while the driver handles one input, stored together by {@link #flush}: a task's end and
     * the run's end it decides are one commit, not two, on every run's critical path.
     */
    private List<Store.Change> decided = new ArrayList<>();
    private Promise<Void> decidedStored = Promise.promise();
    private final Function<List<Store.Change>, Future<Void>> store;
    /** Told of the run and its tasks as the driver takes them up, and of every change after. */
    private final GoferMetrics metrics;

    ActiveRun(Run run, ConfigVersion config, List<TaskExecution> tasks, GoferMetrics metrics,
              Function<List<Store.Change>, Future<Void>> store) {
        this.run = run;
        this.config = config;
        this.metrics = metrics;
        this.store = store;
        tasks.forEach(t -> this.tasks.put(t.key().taskId(), t));
        metrics.runChanged(run);
        tasks.forEach(metrics::taskChanged);
    }

    /**
     * Whether the run can have an API token to revoke at its end: only a task with {@code inject_api_token} mints
     * one. Runs without such a task skip the token lookup at their end (a store read on every run's critical path).
     */
    boolean mayHoldApiToken() {
        return config.config().tasks().stream().anyMatch(TaskConfig::injectApiToken);
    }

    /** Every task waiting for its next attempt, which waits no more. */
    List<String> takeBackingOff() {
        List<String> out = List.copyOf(backingOff);
        backingOff.clear();
        return out;
    }

    /** The run moves on: {@code next} is its state from now on. */
    Run moveRun(Run next) {
        run = next;
        metrics.runChanged(next);
        return next;
    }

    /** One of its tasks moves on. */
    void putTask(TaskExecution next) {
        tasks.put(next.key().taskId(), next);
        metrics.taskChanged(next);
    }

    /** A row change, stored with the others decided for the same input; completes once they are stored. */
    Future<Void> store(Store.Change change) {
        decided.add(change);
        return decidedStored.future();
    }

    /** Queues the row changes decided so far as one write (the driver calls it after each input). */
    void flush() {
        if (decided.isEmpty()) {
            return;
        }
        List<Store.Change> batch = List.copyOf(decided);
        Promise<Void> stored = decidedStored;
        decided = new ArrayList<>();
        decidedStored = Promise.promise();
        chain(() -> store.apply(batch)).onComplete(ar -> {
            if (ar.succeeded()) {
                stored.complete();
            } else {
                stored.fail(ar.cause());
            }
        });
    }

    /** Any other write (a log closed, a token revoked): after the row changes decided before it. */
    Future<Void> write(Supplier<Future<Void>> write) {
        flush();
        return chain(write);
    }

    private Future<Void> chain(Supplier<Future<Void>> write) {
        writes = writes.transform(ignored -> write.get());
        return writes;
    }

    RunSnapshot snapshot() {
        List<Node> nodes = new ArrayList<>();
        for (TaskExecution t : tasks.values()) {
            Node node = Node.notStarted(t.key().taskId(), t.task().dependsOn());
            if (t.state() == TaskState.COMPLETE) {
                node = node.done(t.status(), t.statusReason());
            } else if (launched.contains(t.key().taskId())) {
                node = node.started();
            }
            nodes.add(node);
        }
        return new RunSnapshot(nodes, config.config().parallelism(), cancelRequested);
    }
}
