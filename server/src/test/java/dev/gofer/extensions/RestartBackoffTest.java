package dev.gofer.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a crashed extension is started again, and when it counts as stopped answering. */
class RestartBackoffTest {
    @Test
    void theDelayDoublesPerFailedAttemptUpToTheCap() {
        RestartBackoff backoff = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
        List<Long> seconds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            seconds.add(backoff.next().toSeconds());
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L), seconds);
        assertEquals(8, backoff.attempts());
    }

    @Test
    void aRecoveredOrReEnabledExtensionStartsAgainFromTheFirstDelay() {
        RestartBackoff backoff = new RestartBackoff(Duration.ofMillis(100), Duration.ofSeconds(60));
        backoff.next();
        backoff.next();
        backoff.reset();
        assertEquals(Duration.ofMillis(100), backoff.next());
        assertEquals(Duration.ofSeconds(30), backoff.recoveredAfter(), "up for half the cap counts as recovered");
    }

    @Test
    void manyFailuresNeverOverflowPastTheCap() {
        RestartBackoff backoff = new RestartBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
        Duration last = Duration.ZERO;
        for (int i = 0; i < 100; i++) {
            last = backoff.next();
        }
        assertEquals(Duration.ofMinutes(5), last);
    }

    @Test
    void aZeroFirstDelayStillWaitsAMillisecond() {
        assertEquals(Duration.ofMillis(1), new RestartBackoff(Duration.ZERO, Duration.ZERO).next());
    }

    @Test
    void onlyThreeMissedHealthChecksInARowRestart() {
        HealthChecks checks = new HealthChecks();
        assertFalse(checks.record(false));
        assertFalse(checks.record(false));
        assertFalse(checks.record(true), "an answer clears the count");
        assertFalse(checks.record(false));
        assertFalse(checks.record(false));
        assertTrue(checks.record(false), "the third miss in a row restarts it");
        checks.reset();
        assertFalse(checks.record(false), "a new container starts with a clean count");
    }
}
