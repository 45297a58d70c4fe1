package dev.gofer.runs;

import io.vertx.core.Vertx;
import java.util.function.LongSupplier;

/**
 * One-shot timers on the orchestrator's thread, at a time of its clock: deadlines and retries. Vert.x timers in the
 * server; tests move a fake clock and fire what is due.
 */
public interface Timers {
    /** Runs {@code action} at {@code epochMillis} (at once when that has passed); returns an id for {@link #cancel}. */
    long at(long epochMillis, Runnable action);

    void cancel(long timerId);

    /** Timers that never fire: for an orchestrator whose configs set no timeouts or retries (some tests). */
    Timers NEVER = new Timers() {
        @Override
        public long at(long epochMillis, Runnable action) {
            return 0;
        }

        @Override
        public void cancel(long timerId) {
        }
    };

    /** Vert.x timers, set from (and so firing on) the caller's context. */
    static Timers of(Vertx vertx, LongSupplier clock) {
        return new Timers() {
            @Override
            public long at(long epochMillis, Runnable action) {
                return vertx.setTimer(Math.max(1, epochMillis - clock.getAsLong()), id -> action.run());
            }

            @Override
            public void cancel(long timerId) {
                vertx.cancelTimer(timerId);
            }
        };
    }
}
