package dev.gofer.metrics;

import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskKey;
import dev.gofer.model.TaskState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gofer's own metrics on a Micrometer registry (names and labels: docs/metrics.md). Runs and tasks that are not
 * complete are kept in concurrent maps, so the gauges are counted from them at scrape time and a run or task is
 * counted as finished once, whoever reports it first. Only {@link #extensions}, called by the scrape, locks.
 */
final class MicrometerGoferMetrics implements GoferMetrics {
    /** Bucket bounds of run and task durations: seconds to hours. */
    private static final Duration[] DURATION_BUCKETS = seconds(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600);
    /** Bucket bounds of the start latency: a warm start takes tens of ms, an image pull minutes. */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofMinutes(5)};

    private final MeterRegistry registry;
    private final Map<RunKey, RunState> activeRuns = new ConcurrentHashMap<>();
    private final Map<TaskKey, TaskState> activeTasks = new ConcurrentHashMap<>();
    private final AtomicInteger eventSubscribers = new AtomicInteger();
    private final MultiGauge extensionStates;
    private final Map<String, AtomicLong> extensionRestarts = new ConcurrentHashMap<>();
    private final Map<String, FunctionCounter> restartCounters = new ConcurrentHashMap<>();

    MicrometerGoferMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (RunState state : RunState.values()) {
            if (state != RunState.COMPLETE) {
                Gauge.builder("gofer.runs.active", activeRuns, runs -> count(runs, state))
                        .description("Runs not complete yet, by state (pending: waiting to start)")
                        .tag("state", state.wire()).register(registry);
            }
        }
        Gauge.builder("gofer.containers.running", activeTasks, tasks -> count(tasks, TaskState.RUNNING))
                .description("Task containers running now").register(registry);
        Gauge.builder("gofer.event.subscribers", eventSubscribers, AtomicInteger::get)
                .description("Clients following GET /api/events now").register(registry);
        extensionStates = MultiGauge.builder("gofer.extension.state")
                .description("1 for each installed extension, labelled with its state").register(registry);
    }

    private static <K, V> double count(Map<K, V> states, V state) {
        return states.values().stream().filter(state::equals).count();
    }

    @Override
    public void runStarted(Run run) {
        Counter.builder("gofer.runs.started").description("Runs created by a start request")
                .tags(pipeline(run.key())).register(registry).increment();
    }

    @Override
    public void runChanged(Run run) {
        if (run.state() != RunState.COMPLETE) {
            activeRuns.put(run.key(), run.state());
            return;
        }
        if (activeRuns.remove(run.key()) == null) {
            return; // counted already
        }
        Tags tags = pipeline(run.key()).and("status", run.status().wire());
        Counter.builder("gofer.runs.finished").description("Runs complete, by status").tags(tags).register(registry).increment();
        Timer.builder("gofer.run.duration").description("Time from a run's creation to its end, by status")
                .serviceLevelObjectives(DURATION_BUCKETS).tags(tags).register(registry)
                .record(Duration.ofMillis(Math.max(0, run.ended() - run.started())));
    }

    @Override
    public void taskChanged(TaskExecution task) {
        if (task.state() != TaskState.COMPLETE) {
            activeTasks.put(task.key(), task.state());
            return;
        }
        if (activeTasks.remove(task.key()) == null) {
            return;
        }
        Tags tags = pipeline(task.key().run()).and("status", task.status().wire());
        Counter.builder("gofer.tasks.finished").description("Task executions complete, by status (skipped ones too)")
                .tags(tags).register(registry).increment();
        if (task.started() > 0) {
            Timer.builder("gofer.task.duration").description("Time a task's container ran, by status")
                    .serviceLevelObjectives(DURATION_BUCKETS).tags(tags).register(registry)
                    .record(Duration.ofMillis(Math.max(0, task.ended() - task.started())));
        }
    }

    @Override
    public void taskContainerStarted(TaskKey task, Duration latency) {
        Timer.builder("gofer.task.start.latency")
                .description("Time from a task being handed to the scheduler to its container running")
                .serviceLevelObjectives(LATENCY_BUCKETS).tag("namespace", task.namespaceId()).register(registry)
                .record(latency);
    }

    @Override
    public void logBytes(TaskKey task, int bytes) {
        Counter.builder("gofer.log.bytes").baseUnit("bytes").description("Bytes written to task logs")
                .tags(pipeline(task.run())).register(registry).increment(bytes);
    }

    @Override
    public void eventSubscribers(int change) {
        eventSubscribers.addAndGet(change);
    }

    @Override
    public synchronized void extensions(List<ExtensionSample> extensions) {
        extensionStates.register(extensions.stream().map(e -> MultiGauge.Row.of(
                Tags.of("extension", e.extensionId(), "state", e.state()), 1)).toList(), true);
        Set<String> present = new HashSet<>();
        for (ExtensionSample e : extensions) {
            present.add(e.extensionId());
            AtomicLong restarts = extensionRestarts.computeIfAbsent(e.extensionId(), id -> {
                AtomicLong held = new AtomicLong();
                restartCounters.put(id, FunctionCounter.builder("gofer.extension.restarts", held, AtomicLong::get)
                        .description("Times supervision restarted an extension since this server started")
                        .tag("extension", id).register(registry));
                return held;
            });
            restarts.set(e.restarts());
        }
        for (String gone : Set.copyOf(extensionRestarts.keySet())) {
            if (!present.contains(gone)) {
                extensionRestarts.remove(gone);
                registry.remove(restartCounters.remove(gone));
            }
        }
    }

    private static Tags pipeline(RunKey run) {
        return Tags.of("namespace", run.namespaceId(), "pipeline", run.pipelineId());
    }

    private static Duration[] seconds(long... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofSeconds(values[i]);
        }
        return out;
    }
}
