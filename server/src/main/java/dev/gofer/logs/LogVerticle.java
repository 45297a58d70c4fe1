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

    public LogVerticle(LogStore store) {
        this.store = store;
    }

    @Override
    public Future<?> start() {
        var bus = vertx.eventBus();
        bus.<LogChunk>consumer(Bus.APPEND_LOG, msg -> {
            LogChunk chunk = msg.body();
            SecretMasker masker = masker(chunk.task());
            if (masker == null) {
                write(chunk.task(), chunk.stderr(), chunk.bytes());
                return;
            }
            long source = sourceBytes.computeIfAbsent(chunk.task(), store::sourceBytes) + chunk.bytes().length;
            sourceBytes.put(chunk.task(), source);
            write(chunk.task(), chunk.stderr(), masker.process(chunk.bytes()));
            store.recordSourceBytes(chunk.task(), source - masker.pending());
        });
        bus.<TaskKey>consumer(Bus.CLOSE_LOG, msg -> {
            SecretMasker masker = maskers.remove(msg.body());
            Long source = sourceBytes.remove(msg.body());
            if (masker != null) {
                write(msg.body(), false, masker.flush()); // held-back bytes: their stream is not tracked
                store.recordSourceBytes(msg.body(), source == null ? store.sourceBytes(msg.body()) : source);
            }
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

    private void write(TaskKey task, boolean stderr, byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        long offset = store.append(task, stderr, bytes);
        vertx.eventBus().publish(Bus.logUpdates(task), new LogUpdate(offset, bytes, stderr));
    }
}
