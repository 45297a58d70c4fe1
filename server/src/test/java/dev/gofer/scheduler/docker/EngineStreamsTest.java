package dev.gofer.scheduler.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.ServerSettings;
import dev.gofer.it.GoferTestServer;
import dev.gofer.scheduler.ContainerSpec;
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
import org.junit.jupiter.api.Test;

/** Following containers of a real engine without a thread each: their output, their exits, what it costs in threads. */
class EngineStreamsTest {
    private static final String HOST = ServerSettings.fromJson(new JsonObject()).dockerHost();
    private final String mark = UUID.randomUUID().toString();
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
        return Map.of("gofer.test", "engine-streams", "gofer.test.mark", mark);
    }

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
