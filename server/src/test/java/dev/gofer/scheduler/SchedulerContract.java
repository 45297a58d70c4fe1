package dev.gofer.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Scheduler} must do, as the orchestrator and {@link SchedulerVerticle} use it. Each engine's
 * test extends this with a way to make (and re-make, as after a restart) its scheduler.
 */
public abstract class SchedulerContract {
    protected static final String IMAGE = "busybox:latest";
    protected final String mark = UUID.randomUUID().toString().substring(0, 8);
    private Scheduler scheduler;
    private final List<Scheduler> made = new java.util.ArrayList<>();

    /** A new scheduler on the same engine or cluster (a second one stands for Gofer after a restart). */
    protected abstract Scheduler create() throws Exception;

    protected Scheduler newScheduler() throws Exception {
        Scheduler s = create();
        made.add(s);
        return s;
    }

    protected Scheduler scheduler() throws Exception {
        if (scheduler == null) {
            scheduler = newScheduler();
        }
        return scheduler;
    }

    @AfterEach
    void removeWhatThisTestStarted() throws Exception {
        try {
            for (String id : scheduler().findByLabels(labels())) {
                scheduler().remove(id);
            }
        } finally {
            for (Scheduler s : made) {
                if (s instanceof AutoCloseable c) {
                    c.close();
                }
            }
        }
    }

    protected Map<String, String> labels() {
        return Map.of("gofer.test", "scheduler-contract", "gofer.test.mark", mark);
    }

    protected ContainerSpec shell(String name, String script) {
        return new ContainerSpec("gofer_contract_" + mark + "_" + name, IMAGE, null, false, null,
                List.of("sh", "-c", script), Map.of("GREETING", "hello from env"), labels());
    }

    /**
     * Reads a container's whole output as {@link SchedulerVerticle} does: follow, wait for the exit, read again and
     * keep only what the first read missed; {@code alreadyStored} bytes are skipped (an adopted container).
     */
    protected static Ended followToEnd(Scheduler s, String id, long alreadyStored) throws SchedulerException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] seen = {0};
        long[] skip = {alreadyStored};
        Scheduler.LogSink sink = (stderr, bytes) -> {
            long start = seen[0];
            seen[0] += bytes.length;
            if (seen[0] > skip[0]) {
                int from = (int) Math.max(0, skip[0] - start);
                out.write(bytes, from, bytes.length - from);
                skip[0] = seen[0];
            }
        };
        s.streamLogs(id, sink);
        int code = s.waitForExit(id);
        seen[0] = 0;
        s.streamLogs(id, sink);
        return new Ended(code, out.toString(StandardCharsets.UTF_8));
    }

    protected record Ended(int exitCode, String output) {
    }

    @Test
    void exitCodesComeBack() throws Exception {
        assertEquals(0, followToEnd(scheduler(), scheduler().start(shell("ok", "true")), 0).exitCode());
        assertEquals(3, followToEnd(scheduler(), scheduler().start(shell("three", "exit 3")), 0).exitCode());
    }

    @Test
    void envCommandAndOutputReachTheLog() throws Exception {
        // stdout and stderr are two pipes the engine copies apart: the stderr line is printed well before the lines
        // whose order is checked, or it can land between them (seen once on Docker)
        Ended ended = followToEnd(scheduler(), scheduler().start(shell("env",
                "echo \"$GREETING\"; echo to-stderr >&2; sleep 0.3; for i in 1 2 3; do echo line-$i; done")), 0);
        assertEquals(0, ended.exitCode());
        assertTrue(ended.output().contains("hello from env\n"), ended.output());
        assertTrue(ended.output().contains("to-stderr\n"), "stderr is kept (Kubernetes merges it into one stream): " + ended.output());
        assertTrue(ended.output().contains("line-1\nline-2\nline-3\n"), "in order, once: " + ended.output());
    }

    @Test
    void anEntrypointReplacesTheImagesOwn() throws Exception {
        ContainerSpec spec = new ContainerSpec("gofer_contract_" + mark + "_entry", IMAGE, null, false, List.of("echo"),
                List.of("from", "entrypoint"), Map.of(), labels());
        assertEquals("from entrypoint\n", followToEnd(scheduler(), scheduler().start(spec), 0).output());
    }

    @Test
    void containersAreFoundByTheirLabelsAndRemoved() throws Exception {
        String id = scheduler().start(shell("found", "sleep 30"));
        assertEquals(List.of(id), scheduler().findByLabels(labels()));
        assertEquals(List.of(), scheduler().findByLabels(Map.of("gofer.test.mark", "other-" + mark)));
        scheduler().remove(id);
        assertEquals(List.of(), scheduler().findByLabels(labels()));
        scheduler().remove(id); // unknown ids are ignored
    }

    @Test
    void stopSendsSigtermAndWaitsForTheGracePeriod() throws Exception {
        String id = scheduler().start(shell("polite", "trap 'echo got-term; exit 7' TERM; echo ready; while true; do sleep 0.1; done"));
        CompletableFuture<Ended> ended = follow(id);
        awaitOutput(id, "ready");
        scheduler().stop(id, Duration.ofSeconds(120));
        Ended polite = ended.get(60, TimeUnit.SECONDS); // well inside the grace: it left on SIGTERM
        assertEquals(7, polite.exitCode());
        assertTrue(polite.output().contains("got-term"), polite.output());
    }

    @Test
    void stopKillsOnceTheGracePeriodHasPassed() throws Exception {
        String id = scheduler().start(shell("stubborn", "trap '' TERM; echo ready; while true; do sleep 0.1; done"));
        CompletableFuture<Ended> ended = follow(id);
        awaitOutput(id, "ready");
        long before = System.nanoTime();
        scheduler().stop(id, Duration.ofSeconds(1));
        Ended killed = ended.get(60, TimeUnit.SECONDS);
        assertEquals(137, killed.exitCode(), "SIGKILL");
        assertTrue(System.nanoTime() - before >= Duration.ofMillis(900).toNanos(), "it had its grace period first");
    }

    @Test
    void afterARestartAContainerIsAdoptedAndItsLogContinuesWithoutGapsOrRepeats() throws Exception {
        String id = scheduler().start(shell("adopted", "echo first; sleep 2; echo second"));
        awaitOutput(id, "first");
        Scheduler restarted = newScheduler();
        assertEquals(List.of(id), restarted.findByLabels(labels()));
        restarted.adopt(id);
        Ended ended = followToEnd(restarted, id, "first\n".length()); // what the log store already had
        assertEquals(0, ended.exitCode());
        assertEquals("second\n", ended.output());
    }

    @Test
    void anImageThatCannotBePulledFailsWithTheReason() throws Exception {
        String image = "registry.invalid/gofer/no-such-image:1";
        ContainerSpec spec = new ContainerSpec("gofer_contract_" + mark + "_pull", image, null, false, null, null, Map.of(), labels());
        SchedulerException e = assertThrows(SchedulerException.class, () -> followToEnd(scheduler(), scheduler().start(spec), 0));
        assertTrue(e.getMessage().contains(image), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    private CompletableFuture<Ended> follow(String id) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return followToEnd(scheduler(), id, 0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Polls (with a deadline) until the container has printed {@code text}: it runs and its trap is set. */
    private void awaitOutput(String id, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (printedSoFar(id).contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("container " + id + " never printed " + text);
    }

    /** The output so far, without waiting for the end. */
    protected abstract String printedSoFar(String id) throws Exception;
}
