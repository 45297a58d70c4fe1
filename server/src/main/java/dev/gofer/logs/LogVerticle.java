package dev.gofer.logs;

import dev.gofer.metrics.GoferMetrics;
import dev.gofer.bus.Bus;
import dev.gofer.bus.Bus.ArchiveLog;
import dev.gofer.bus.Bus.LogChunk;
import dev.gofer.bus.Bus.LogEnd;
import dev.gofer.bus.Bus.LogStatus;
import dev.gofer.bus.Bus.LogUpdate;
import dev.gofer.bus.Bus.MaskSecrets;
import dev.gofer.model.RunKey;
import dev.gofer.model.TaskKey;
import dev.gofer.secrets.TaskOutputMasker;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the log files. Deployed as a worker verticle: its handlers run one at a time off the event
 * loop, so appends, closes and status answers are totally ordered. That ordering is what lets a
 * follower read the file up to the size it was told and then take live updates without gaps.
 * Secret values given to a run's tasks are masked here, before anything is stored or published.
 */
public final class LogVerticle extends VerticleBase {
    /** How long output held back for a secret split across the streams waits for the other stream. */
    static final long SPLIT_HOLD_MILLIS = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(LogVerticle.class);

    private final LogStore store;
    private final Map<RunKey, Set<String>> secrets = new HashMap<>();
    private final Map<TaskKey, TaskOutputMasker> maskers = new HashMap<>();
    /** Container output bytes received per masked task (the log file's size differs from it). */
    private final Map<TaskKey, Long> sourceBytes = new HashMap<>();
    /** Per masked task holding output back: the timer that releases it. */
    private final Map<TaskKey, Long> releaseTimers = new HashMap<>();
    private final LogLimit limit;
    /** What is stored per open log (kept here so the limit costs no file-size call per chunk). */
    private final Map<TaskKey, Stored> stored = new HashMap<>();

    private record Stored(long size, boolean endsMidLine) {
    }

    private final GoferMetrics metrics;

    /** {@code taskLogLimit}: bytes of output stored per task (setting {@code task_log_limit}). */
    public LogVerticle(LogStore store, long taskLogLimit) {
        this(store, taskLogLimit, GoferMetrics.none());
    }

    public LogVerticle(LogStore store, long taskLogLimit, GoferMetrics metrics) {
        this.store = store;
        this.limit = new LogLimit(taskLogLimit);
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        var bus = vertx.eventBus();
        bus.<LogChunk>consumer(Bus.APPEND_LOG, msg -> {
            try {
                receive(msg.body());
                msg.reply(null); // the scheduler sends the next chunks only when earlier ones are stored
            } catch (RuntimeException e) {
                LOG.error("could not store output of task {}: {}", msg.body().task(), e.getMessage());
                msg.fail(500, e.getMessage());
            }
        });
        bus.<TaskKey>consumer(Bus.CLOSE_LOG, msg -> {
            Long timer = releaseTimers.remove(msg.body());
            if (timer != null) {
                vertx.cancelTimer(timer);
            }
            TaskOutputMasker masker = maskers.remove(msg.body());
            Long source = sourceBytes.remove(msg.body());
            if (masker != null) {
                masker.flush().forEach(piece -> write(msg.body(), piece.stderr(), piece.bytes()));
                store.recordSourceBytes(msg.body(), source == null ? store.sourceBytes(msg.body()) : source);
            }
            stored.remove(msg.body());
            store.close(msg.body());
            bus.publish(Bus.logUpdates(msg.body()), new LogEnd());
            msg.reply(null);
        });
        bus.<ArchiveLog>consumer(Bus.ARCHIVE_LOG, msg -> {
            try {
                stored.remove(msg.body().task());
                store.archive(msg.body().task(), msg.body().attempt());
                msg.reply(null);
            } catch (RuntimeException e) {
                msg.fail(500, e.getMessage());
            }
        });
        bus.<TaskKey>consumer(Bus.LOG_STATUS, msg ->
                msg.reply(new LogStatus(store.size(msg.body()), store.isComplete(msg.body()), store.sourceBytes(msg.body()))));
        bus.<MaskSecrets>consumer(Bus.MASK_SECRETS, msg -> {
            MaskSecrets req = msg.body();
            secrets.computeIfAbsent(req.run(), r -> new LinkedHashSet<>()).addAll(req.values());
            // tasks of the run already printing mask the new values from now on too
            maskers.forEach((task, masker) -> {
                if (task.run().equals(req.run())) {
                    masker.add(req.values());
                }
            });
            msg.reply(null);
        });
        bus.<RunKey>consumer(Bus.FORGET_SECRETS, msg -> secrets.remove(msg.body()));
        return Future.succeededFuture();
    }

    /** A chunk of a task's output: masked (when the run has secrets), then stored. */
    private void receive(LogChunk chunk) {
        TaskKey task = chunk.task();
        TaskOutputMasker masker = masker(task);
        if (masker == null) {
            write(task, chunk.stderr(), chunk.bytes());
            return;
        }
        long source = sourceBytes.computeIfAbsent(task, store::sourceBytes) + chunk.bytes().length;
        sourceBytes.put(task, source);
        masker.process(chunk.stderr(), chunk.bytes()).forEach(piece -> write(task, piece.stderr(), piece.bytes()));
        store.recordSourceBytes(task, source - masker.pending());
        if (masker.holding() && !releaseTimers.containsKey(task)) {
            releaseTimers.put(task, vertx.setTimer(SPLIT_HOLD_MILLIS, id -> releaseHeld(task)));
        }
    }

    /** The other stream stayed silent: output held back for a secret split across the streams is stored after all. */
    private void releaseHeld(TaskKey task) {
        releaseTimers.remove(task);
        TaskOutputMasker masker = maskers.get(task);
        if (masker != null && masker.holding()) {
            masker.releaseHeld().forEach(piece -> write(task, piece.stderr(), piece.bytes()));
            store.recordSourceBytes(task, sourceBytes.getOrDefault(task, store.sourceBytes(task)) - masker.pending());
        }
    }

    private TaskOutputMasker masker(TaskKey task) {
        TaskOutputMasker masker = maskers.get(task);
        if (masker == null) {
            Set<String> values = secrets.get(task.run());
            if (values == null || values.isEmpty()) {
                return null;
            }
            masker = new TaskOutputMasker();
            masker.add(values);
            maskers.put(task, masker);
        }
        return masker;
    }

    /** Stores and publishes output up to the task log limit; the output that crosses it is cut, and marked once. */
    private void write(TaskKey task, boolean stderr, byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        Stored log = stored.computeIfAbsent(task, t -> new Stored(store.size(t), false));
        if (limit.reached(log.size())) {
            return; // cut and marked before
        }
        int keep = limit.fits(log.size(), bytes.length);
        if (keep > 0) {
            append(task, stderr, keep == bytes.length ? bytes : Arrays.copyOf(bytes, keep));
        }
        if (keep < bytes.length) {
            append(task, true, limit.marker(stored.get(task).endsMidLine()));
        }
    }

    private void append(TaskKey task, boolean stderr, byte[] bytes) {
        long offset = store.append(task, stderr, bytes);
        stored.put(task, new Stored(offset + bytes.length, bytes[bytes.length - 1] != '\n'));
        metrics.logBytes(task, bytes.length);
        vertx.eventBus().publish(Bus.logUpdates(task), new LogUpdate(offset, bytes, stderr));
    }
}
