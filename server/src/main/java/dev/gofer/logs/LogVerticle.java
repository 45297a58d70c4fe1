package dev.gofer.logs;

import dev.gofer.bus.Bus;
import dev.gofer.bus.Bus.LogChunk;
import dev.gofer.bus.Bus.LogEnd;
import dev.gofer.bus.Bus.LogStatus;
import dev.gofer.bus.Bus.LogUpdate;
import dev.gofer.bus.Bus.MaskSecrets;
import dev.gofer.model.RunKey;
import dev.gofer.model.TaskKey;
import dev.gofer.secrets.SecretMasker;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Owns the log files. Deployed as a worker verticle: its handlers run one at a time off the event
 * loop, so appends, closes and status answers are totally ordered. That ordering is what lets a
 * follower read the file up to the size it was told and then take live updates without gaps.
 * Secret values given to a run's tasks are masked here, before anything is stored or published.
 */
public final class LogVerticle extends VerticleBase {
    private final LogStore store;
    private final Map<RunKey, Set<String>> secrets = new HashMap<>();
    private final Map<TaskKey, SecretMasker> maskers = new HashMap<>();
    /** Container output bytes received per masked task (the log file's size differs from it). */
    private final Map<TaskKey, Long> sourceBytes = new HashMap<>();
    private final LogLimit limit;
    /** What is stored per open log (kept here so the limit costs no file-size call per chunk). */
    private final Map<TaskKey, Stored> stored = new HashMap<>();

    private record Stored(long size, boolean endsMidLine) {
    }

    /** {@code taskLogLimit}: bytes of output stored per task (setting {@code task_log_limit}). */
    public LogVerticle(LogStore store, long taskLogLimit) {
        this.store = store;
        this.limit = new LogLimit(taskLogLimit);
    }

    @Override
    public Future<?> start() {
        var bus = vertx.eventBus();
        bus.<LogChunk>consumer(Bus.APPEND_LOG, msg -> {
            LogChunk chunk = msg.body();
            SecretMasker masker = masker(chunk.task());
            if (masker == null) {
                write(chunk.task(), chunk.stderr(), chunk.bytes());
            } else {
                long source = sourceBytes.computeIfAbsent(chunk.task(), store::sourceBytes) + chunk.bytes().length;
                sourceBytes.put(chunk.task(), source);
                write(chunk.task(), chunk.stderr(), masker.process(chunk.bytes()));
                store.recordSourceBytes(chunk.task(), source - masker.pending());
            }
            msg.reply(null); // the scheduler sends the next chunks only when earlier ones are stored
        });
        bus.<TaskKey>consumer(Bus.CLOSE_LOG, msg -> {
            SecretMasker masker = maskers.remove(msg.body());
            Long source = sourceBytes.remove(msg.body());
            if (masker != null) {
                write(msg.body(), false, masker.flush()); // held-back bytes: their stream is not tracked
                store.recordSourceBytes(msg.body(), source == null ? store.sourceBytes(msg.body()) : source);
            }
            stored.remove(msg.body());
            store.close(msg.body());
            bus.publish(Bus.logUpdates(msg.body()), new LogEnd());
            msg.reply(null);
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

    private SecretMasker masker(TaskKey task) {
        SecretMasker masker = maskers.get(task);
        if (masker == null) {
            Set<String> values = secrets.get(task.run());
            if (values == null || values.isEmpty()) {
                return null;
            }
            masker = new SecretMasker();
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
        vertx.eventBus().publish(Bus.logUpdates(task), new LogUpdate(offset, bytes, stderr));
    }
}
