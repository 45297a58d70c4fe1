package dev.gofer.scheduler.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.gofer.bus.Bus;
import dev.gofer.bus.Bus.StartContainer;
import dev.gofer.bus.Bus.StopContainer;
import dev.gofer.config.ServerSettings;
import dev.gofer.it.GoferTestServer;
import dev.gofer.model.TaskKey;
import dev.gofer.scheduler.ContainerSpec;
import dev.gofer.scheduler.SchedulerVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 §5: cancelling a run of 50 running tasks ends every container within the grace period, not one grace per
 * wave of a small thread pool. A stop holds its thread until the engine has killed the container; on the 16 control
 * threads, 50 stops of {@code sleep} (which ignores SIGTERM as PID 1) reached the engine in four waves, one grace
 * apart. On a real engine; what is asserted is when the engine sent each container its SIGTERM (its {@code kill}
 * events), since how long the engine then needs to tear 50 containers down on a busy machine is its own affair.
 */
class StopsAtOnceTest {
    private static final int CONTAINERS = 50;
    private static final Duration GRACE = Duration.ofSeconds(5);

    @Test
    void fiftyStopsAtOnceAllReachTheEngineAtOnce() throws Exception {
        GoferTestServer.requireDocker();
        String mark = UUID.randomUUID().toString();
        Map<String, String> labels = Map.of("gofer.test", "stops-at-once", "gofer.test.mark", mark);
        String host = ServerSettings.fromJson(new JsonObject()).dockerHost();
        DockerScheduler docker = new DockerScheduler(host, null);
        DockerClient events = events(host);
        Map<String, Instant> signalled = new ConcurrentHashMap<>();
        Vertx vertx = Vertx.vertx();
        try (ResultCallback.Adapter<Event> kills = events.eventsCmd().withEventTypeFilter(EventType.CONTAINER)
                .withEventFilter("kill").withLabelFilter(labels).exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Event e) {
                        signalled.putIfAbsent(e.getId(), Instant.ofEpochSecond(0, e.getTimeNano()));
                    }
                })) {
            Bus.registerCodecs(vertx);
            vertx.deployVerticle(new SchedulerVerticle(docker)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            DeliveryOptions longer = new DeliveryOptions().setSendTimeout(300_000);
            List<Future<String>> starts = new ArrayList<>();
            for (int i = 0; i < CONTAINERS; i++) {
                ContainerSpec spec = new ContainerSpec("gofer-test-" + mark + "-" + i, GoferTestServer.IMAGE, null, false, null,
                        List.of("sleep", "600"), Map.of(), labels);
                starts.add(vertx.eventBus().<String>request(Bus.START_CONTAINER,
                        new StartContainer(new TaskKey("default", "stops", 1, "t" + i), spec), longer).map(m -> m.body()));
            }
            List<String> ids = Future.all(starts).toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS).list();

            Instant began = Instant.now();
            List<Future<Object>> stops = new ArrayList<>();
            for (int i = 0; i < CONTAINERS; i++) {
                stops.add(vertx.eventBus().request(Bus.STOP_CONTAINER,
                        new StopContainer(new TaskKey("default", "stops", 1, "t" + i), ids.get(i), GRACE), longer).map(m -> m.body()));
            }
            Future.all(stops).toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
            Duration took = Duration.between(began, Instant.now());
            assertTrue(took.compareTo(GRACE) >= 0, "the grace was not given: the stops returned after " + took);
            for (String id : ids) {
                // ended, killed at the end of the grace: sleep as PID 1 ignores SIGTERM
                assertEquals(137, docker.waitForExit(id), "exit code of " + id);
            }
            awaitSignals(signalled, ids);
            Duration lastSignal = ids.stream().map(id -> Duration.between(began, signalled.get(id))).max(Duration::compareTo).orElseThrow();
            // all at once: every SIGTERM goes out within moments (seconds on a busy 2-core machine); in waves of 16 the
            // fourth wave's would wait three graces (15 s)
            assertTrue(lastSignal.compareTo(GRACE) < 0, "the last of 50 stops reached the engine " + lastSignal
                    + " after they were sent (grace " + GRACE + "): they waited for each other; the stops took " + took);
        } finally {
            for (String id : docker.findByLabels(labels)) {
                docker.remove(id);
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            docker.close();
            events.close();
        }
    }

    /** The engine's events trail its answers a little: waits up to 10 s for every container's first signal. */
    private static void awaitSignals(Map<String, Instant> signalled, List<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!signalled.keySet().containsAll(ids) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(signalled.keySet().containsAll(ids), "no kill event for " + ids.stream().filter(id -> !signalled.containsKey(id)).count()
                + " of the containers");
    }

    private static DockerClient events(String host) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        return DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig()).build());
    }
}
