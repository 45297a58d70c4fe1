package dev.gofer.extensions;

import java.time.Duration;

/**
 * How long an extension waits before its next restart: {@code first}, doubling per failed attempt, capped at
 * {@code max}. A container that stays up {@link #recoveredAfter()} counts as recovered: its next crash restarts
 * it quickly again. Plain state of one extension, touched on the supervisor's context only.
 */
final class RestartBackoff {
    private final Duration first;
    private final Duration max;
    private int failures;

    RestartBackoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
    }

    /** The delay before the next attempt (at least 1 ms); counts that attempt. */
    Duration next() {
        long delay = Math.min(max.toMillis(), first.toMillis() << Math.min(failures, 20));
        failures++;
        return Duration.ofMillis(Math.max(1, delay));
    }

    /** Attempts counted since the last {@link #reset()}. */
    int attempts() {
        return failures;
    }

    void reset() {
        failures = 0;
    }

    /** How long a container has to stay up before the backoff starts again from {@code first}. */
    Duration recoveredAfter() {
        return Duration.ofMillis(Math.max(1, max.toMillis() / 2));
    }
}
