package dev.gofer.runs;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Timers on a clock the test moves: {@link #advanceTo} fires what is due, in time order, on the test's thread. */
final class FakeTimers implements Timers {
    private record Due(long at, Runnable action) {
    }

    private final AtomicLong clock;
    private final Map<Long, Due> pending = new LinkedHashMap<>();
    private long nextId = 1;

    FakeTimers(AtomicLong clock) {
        this.clock = clock;
    }

    @Override
    public long at(long epochMillis, Runnable action) {
        long id = nextId++;
        pending.put(id, new Due(epochMillis, action));
        return id;
    }

    @Override
    public void cancel(long timerId) {
        pending.remove(timerId);
    }

    /** Times of the timers set and not fired or cancelled, earliest first. */
    List<Long> pendingTimes() {
        return pending.values().stream().map(Due::at).sorted().toList();
    }

    /** Moves the clock to {@code time}, firing every timer due by then (including ones set by those fired). */
    void advanceTo(long time) {
        while (true) {
            var next = pending.entrySet().stream().filter(e -> e.getValue().at() <= time)
                    .min(Comparator.comparingLong(e -> e.getValue().at()));
            if (next.isEmpty()) {
                break;
            }
            pending.remove(next.get().getKey());
            clock.set(Math.max(clock.get(), next.get().getValue().at()));
            next.get().getValue().action().run();
        }
        clock.set(Math.max(clock.get(), time));
    }

    /** Fires what is due now (a deadline that passed while Gofer was down). */
    void fireDue() {
        advanceTo(clock.get());
    }
}
