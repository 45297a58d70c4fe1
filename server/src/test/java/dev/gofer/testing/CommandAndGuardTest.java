package dev.gofer.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The test support that keeps a wedged engine from holding a test run: bounded commands and the engine guard. */
class CommandAndGuardTest {
    @Test
    void aCommandPastItsBoundIsKilledAndNamed() {
        Instant start = Instant.now();
        AssertionError e = assertThrows(AssertionError.class,
                () -> Command.run(Duration.ofMillis(500), "sh", "-c", "echo waiting; sleep 30"));
        assertTrue(Duration.between(start, Instant.now()).toSeconds() < 10, "killed at its bound");
        assertTrue(e.getMessage().contains("`sh -c echo waiting; sleep 30` did not finish within 500 ms"), e.getMessage());
        assertTrue(e.getMessage().contains("waiting"), "what it printed so far: " + e.getMessage());
    }

    /** A pipe read waits for every holder of the pipe: here a background child that lives 30 s after sh exits. */
    @Test
    void theOutputIsReadWhenTheCommandEndsNotWhenItsChildrenDo() {
        Instant start = Instant.now();
        Command.Result r = Command.run(Duration.ofSeconds(20), "sh", "-c", "sleep 30 & echo started; exit 3");
        assertTrue(Duration.between(start, Instant.now()).toSeconds() < 10, "returned when sh ended");
        assertEquals(new Command.Result(3, "started\n"), r);
    }

    @Test
    void afterAFailedClassAnEngineThatDoesNotAnswerFailsEveryLaterClass() {
        AtomicInteger probes = new AtomicInteger();
        DockerEngineGuard guard = new DockerEngineGuard(() -> probes.incrementAndGet() == 0);
        guard.classEnded("dev.gofer.Passing");
        assertEquals(0, probes.get(), "no probe after a class without failures");
        assertDoesNotThrow(guard::classStarting);

        guard.testFailed();
        guard.classEnded("dev.gofer.Wedged");
        assertEquals(1, probes.get());
        IllegalStateException e = assertThrows(IllegalStateException.class, guard::classStarting);
        assertTrue(e.getMessage().contains("during dev.gofer.Wedged") && e.getMessage().contains("moby/moby#46661"),
                e.getMessage());
    }

    @Test
    void aFailureWithAnEngineThatAnswersChangesNothing() {
        DockerEngineGuard guard = new DockerEngineGuard(() -> true);
        guard.testFailed();
        guard.classEnded("dev.gofer.Failing");
        assertDoesNotThrow(guard::classStarting);
    }
}
