package dev.gofer.events;

import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The periodic job that keeps the event log within its retention (setting {@code event_retention}). */
public final class EventPruner {
    private static final Logger LOG = LoggerFactory.getLogger(EventPruner.class);

    private EventPruner() {
    }

    /** Prunes now and then every {@code interval}; returns the timer id (cancel it on shutdown). */
    public static long schedule(Vertx vertx, EventLog log, Duration retention, Duration interval) {
        Runnable prune = () -> log.prune(System.currentTimeMillis() - retention.toMillis())
                .onSuccess(n -> {
                    if (n > 0) {
                        LOG.info("pruned {} events older than {}", n, retention);
                    }
                })
                .onFailure(e -> LOG.warn("pruning old events failed: {}", e.getMessage()));
        prune.run();
        return vertx.setPeriodic(interval.toMillis(), id -> prune.run());
    }
}
