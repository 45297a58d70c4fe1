package dev.gofer.scheduler.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.ServerSettings;
import dev.gofer.it.GoferTestServer;
import dev.gofer.scheduler.ContainerSpec;
import dev.gofer.scheduler.Scheduler;
import dev.gofer.scheduler.SchedulerException;
import dev.gofer.scheduler.StreamingFollow;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Docker scheduler against a real engine. */
class DockerSchedulerTest {
    private final String mark = UUID.randomUUID().toString();
    private static final String HOST = ServerSettings.fromJson(new JsonObject()).dockerHost();
    private final DockerScheduler docker = new DockerScheduler(HOST, null);

    @BeforeAll
    static void needsDocker() {
        GoferTestServer.requireDocker();
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            for (String id : docker.findByLabels(labels())) {
                docker.remove(id);
            }
        } finally {
            docker.close();
        }
    }

    private Map<String, String> labels() {
        return Map.of("gofer.test", "docker-scheduler", "gofer.test.mark", mark);
    }

    private ContainerSpec spec(List<String> command) {
        return new ContainerSpec("gofer-test-" + mark, GoferTestServer.IMAGE, null, false, null, command, Map.of("K", "v"), labels());
    }

    @Test
    void aContainerThatFailsToStartIsRemoved() throws Exception {
        SchedulerException e = assertThrows(SchedulerException.class, () -> docker.start(spec(List.of("/no/such/binary"))));
        assertTrue(e.getMessage().contains("could not start container"), e.getMessage());
        assertEquals(0, GoferTestServer.containersLabelled("gofer.test=docker-scheduler", "gofer.test.mark=" + mark),
                "the created container must not be left behind in state Created");
    }

    @Test
    void aContainerThatStartsIsKept() throws Exception {
        String id = docker.start(spec(List.of("true")));
        assertEquals(0, docker.waitForExit(id));
        assertEquals(1, GoferTestServer.containersLabelled("gofer.test=docker-scheduler", "gofer.test.mark=" + mark), "removal is the caller's job after a normal start");
    }

    @Test
    void aContainerLeftUnderTheSameNameIsReplaced() throws Exception {
        // as after a crash between a container's start and its task's end being stored: the name is still taken
        String left = docker.start(spec(List.of("sleep", "600")));
        String id = docker.start(spec(List.of("true")));
        assertNotEquals(left, id, "a new container, not the one left over");
        assertEquals(0, docker.waitForExit(id));
        assertEquals(List.of(id), docker.findByLabels(labels()), "the container left under the name is removed");
    }

    @Test
    void theExitIsWatchedFromBeforeTheLogStreamEnds() throws Exception {
        String id = docker.start(spec(List.of("sh", "-c", "echo out; exit 3")));
        StringBuilder out = new StringBuilder();
        try (var exit = docker.watchExit(id)) {
            docker.streamLogs(id, (stderr, bytes) -> out.append(new String(bytes, StandardCharsets.UTF_8)));
            assertEquals(3, exit.exitCode());
        }
        assertEquals("out\n", out.toString());
    }

    /**
     * A followed container holds one thread, the follower's: the log stream and the exit wait are read on it, not on
     * docker-java's stream threads (a thread each, per container), whose stacks every young collection scans.
     */
    @Test
    void aFollowedContainerHoldsOnlyTheThreadThatFollowsIt() throws Exception {
        String id = docker.start(spec(List.of("sh", "-c", "echo ready; sleep 600")));
        CountDownLatch reading = new CountDownLatch(1);
        ExecutorService follower = Executors.newSingleThreadExecutor();
        try (var exit = docker.watchExit(id)) {
            var followed = follower.submit(() -> {
                docker.streamLogs(id, (stderr, bytes) -> reading.countDown());
                return null;
            });
            assertTrue(reading.await(60, TimeUnit.SECONDS), "the log stream never delivered the container's first line");
            List<String> streamThreads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(name -> name.startsWith("docker-java-stream-")).toList();
            assertEquals(List.of(), streamThreads, "threads held while a container is followed");
            docker.remove(id); // ends the log stream
            followed.get(60, TimeUnit.SECONDS);
        } finally {
            follower.shutdownNow();
        }
    }

    /** Giving up a wait drops its connection at once; it does not read the answer to the container's exit. */
    @Test
    void closingAnExitWatchDoesNotWaitForTheExit() throws Exception {
        String id = docker.start(spec(List.of("sleep", "600")));
        Scheduler.ExitWatch exit = docker.watchExit(id);
        assertTimeoutPreemptively(Duration.ofSeconds(20), exit::close, "close() waited for the container");
    }

    @Test
    void theLogsOfAContainerThatIsGoneNameItAndTheEnginesAnswer() {
        SchedulerException e = assertThrows(SchedulerException.class, () -> docker.streamLogs("gofer-no-such-" + mark, (stderr, b) -> { }));
        assertTrue(e.getMessage().startsWith("could not read logs of container gofer-no-such-" + mark + ": the engine answered 404: "),
                e.getMessage());
        SchedulerException lost = assertThrows(SchedulerException.class, () -> docker.watchExit("gofer-no-such-" + mark).exitCode());
        assertTrue(lost.getMessage().contains("lost track of container gofer-no-such-" + mark + ": the engine answered 404"),
                lost.getMessage());
    }

    /**
     * Each running task holds two engine streams (log follow, exit wait) for as long as it runs. They once came from
     * the same pool of 512 connections as every other call, so at 256 running tasks starts waited 3 minutes for a
     * connection and failed. Here the pool for short calls holds 2: four followed containers still leave it free.
     */
    @Test
    void runningContainersStreamsLeaveTheConnectionsForOtherCallsFree() throws Exception {
        try (DockerScheduler small = new DockerScheduler(HOST, null, 2, java.time.Duration.ofSeconds(120))) {
            ExecutorService followers = Executors.newCachedThreadPool();
            List<Scheduler.ExitWatch> exits = new ArrayList<>();
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                    for (int i = 0; i < 4; i++) {
                        String id = small.start(new ContainerSpec("gofer-test-" + mark + "-" + i, GoferTestServer.IMAGE, null, false,
                                null, List.of("sleep", "600"), Map.of(), labels()));
                        exits.add(small.watchExit(id));
                        followers.submit(() -> {
                            small.streamLogs(id, (stderr, bytes) -> { });
                            return null;
                        });
                    }
                    // the streams are open (or opening); short calls still get a connection at once
                    assertEquals(4, small.findByLabels(labels()).size());
                    String id = small.start(new ContainerSpec("gofer-test-" + mark + "-short", GoferTestServer.IMAGE, null, false,
                            null, List.of("true"), Map.of(), labels()));
                    assertEquals(0, small.waitForExit(id));
                    for (String each : small.findByLabels(labels())) {
                        small.remove(each);
                    }
                }, "a call waited for a connection that the containers' streams held");
            } finally {
                exits.forEach(Scheduler.ExitWatch::close);
                followers.shutdownNow();
            }
        }
    }

    /** Following containers without a thread each ({@link EngineStreams}): their output, their exits, the threads it takes. */
    @Nested
    class WithoutAThreadEach {
        private String start(String name, String script) throws SchedulerException {
            return docker.start(new ContainerSpec("gofer-test-" + name + "-" + mark, GoferTestServer.IMAGE, null, false, null,
                    List.of("sh", "-c", script), Map.of(), labels()));
        }

        private StreamingFollow streaming() {
            return docker.streamingFollow().orElseThrow(() -> new AssertionError("an engine on " + HOST + " is followed without threads"));
        }

        /** stdout and stderr are two pipes, so the lines are apart in time: the engine orders only what it read in order. */
        @Test
        void outputArrivesInOrderOnItsStreamAndTheExitCodeAfterIt() throws Exception {
            String id = start("out", "echo one; sleep 0.3; echo two >&2; sleep 0.3; echo three; exit 3");
            StringBuilder seen = new StringBuilder();
            CompletableFuture<Integer> exit = streaming().exitCode(id);
            streaming().logs(id, (stderr, bytes) -> {
                seen.append(stderr ? "err:" : "out:").append(new String(bytes, StandardCharsets.UTF_8));
                return CompletableFuture.completedFuture(null);
            }).get(30, TimeUnit.SECONDS);
            assertEquals("out:one\nerr:two\nout:three\n", seen.toString());
            assertEquals(3, exit.get(10, TimeUnit.SECONDS));
        }

        @Test
        void anUnknownContainerFailsWithTheEnginesAnswer() {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> streaming().exitCode("gofer-no-such-container-" + mark).get(10, TimeUnit.SECONDS));
            SchedulerException cause = assertInstanceOf(SchedulerException.class, e.getCause());
            assertTrue(cause.getMessage().contains("lost track of container gofer-no-such-container-" + mark)
                    && cause.getMessage().contains("404") && cause.getMessage().contains("No such container"), cause.getMessage());
        }

        /** With a thread per followed container this took 40 more; the streams share one I/O thread. */
        @Test
        void fortyRunningContainersAreFollowedWithoutAThreadEach() throws Exception {
            int containers = 40;
            List<String> ids = new ArrayList<>();
            ExecutorService starters = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> started = new ArrayList<>();
                for (int i = 0; i < containers; i++) {
                    int n = i;
                    started.add(starters.submit(() -> start("c" + n, "echo hello " + n + "; exec sleep 600")));
                }
                for (Future<String> s : started) {
                    ids.add(s.get(120, TimeUnit.SECONDS));
                }
            } finally {
                starters.shutdownNow();
            }
            streaming().exitCode(ids.get(0)).cancel(false); // the I/O thread exists before the count
            int before = Thread.activeCount();
            List<CompletableFuture<Integer>> exits = new ArrayList<>();
            List<CompletableFuture<Void>> logs = new ArrayList<>();
            CountDownLatch firstLines = new CountDownLatch(containers);
            for (int i = 0; i < containers; i++) {
                String expected = "hello " + i + "\n";
                StringBuilder out = new StringBuilder(); // touched by the I/O thread only
                exits.add(streaming().exitCode(ids.get(i)));
                logs.add(streaming().logs(ids.get(i), (stderr, bytes) -> {
                    out.append(new String(bytes, StandardCharsets.UTF_8));
                    if (out.toString().equals(expected)) {
                        firstLines.countDown();
                    }
                    return CompletableFuture.completedFuture(null);
                }));
            }
            assertTrue(firstLines.await(60, TimeUnit.SECONDS), "every container's first line, live: "
                    + firstLines.getCount() + " of " + containers + " missing");
            int during = Thread.activeCount();
            assertTrue(during - before < 10, containers + " containers followed at once took " + (during - before) + " threads");

            for (String id : ids) {
                docker.stop(id, Duration.ZERO);
            }
            for (int i = 0; i < containers; i++) {
                logs.get(i).get(60, TimeUnit.SECONDS);
                assertEquals(137, exits.get(i).get(60, TimeUnit.SECONDS), "container " + i + " killed");
            }
        }
    }
}
