package dev.gofer.logs;

import dev.gofer.bus.Bus;
import dev.gofer.bus.Bus.LogChunk;
import dev.gofer.bus.Bus.LogEnd;
import dev.gofer.bus.Bus.LogStatus;
import dev.gofer.bus.Bus.LogUpdate;
import dev.gofer.model.TaskKey;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Owns the log files. Deployed as a worker verticle: its handlers run one at a time off the event
 * loop, so appends, closes and status answers are totally ordered. That ordering is what lets a
 * follower read the file up to the size it was told and then take live updates without gaps.
 */
public final class LogVerticle extends VerticleBase {
    private final LogStore store;

    public LogVerticle(LogStore store) {
        this.store = store;
    }

    @Override
    public Future<?> start() {
        var bus = vertx.eventBus();
        bus.<LogChunk>consumer(Bus.APPEND_LOG, msg -> {
            LogChunk chunk = msg.body();
            long offset = store.append(chunk.task(), chunk.stderr(), chunk.bytes());
            bus.publish(Bus.logUpdates(chunk.task()), new LogUpdate(offset, chunk.bytes(), chunk.stderr()));
        });
        bus.<TaskKey>consumer(Bus.CLOSE_LOG, msg -> {
            store.close(msg.body());
            bus.publish(Bus.logUpdates(msg.body()), new LogEnd());
            msg.reply(null);
        });
        bus.<TaskKey>consumer(Bus.LOG_STATUS, msg ->
                msg.reply(new LogStatus(store.size(msg.body()), store.isComplete(msg.body()))));
        return Future.succeededFuture();
    }
}
