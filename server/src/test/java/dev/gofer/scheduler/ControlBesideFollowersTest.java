package dev.gofer.scheduler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.bus.Bus;
import dev.gofer.bus.Bus.StartContainer;
import dev.gofer.bus.Bus.StopContainer;
import dev.gofer.config.ServerSettings;
import dev.gofer.it.GoferTestServer;
import dev.gofer.model.TaskKey;
import dev.gofer.scheduler.docker.DockerScheduler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 §4: control calls to the engine never queue behind log/exit followers. With running containers each
 * holding its follower thread until it exits, a stop still completes within the stop grace period, on a real engine.
 */
class ControlBesideFollowersTest {
    private static final int RUNNING = 3;
    private static final Duration GRACE = Duration.ofSeconds(1);

    @Test
    void aStopCompletesWithinItsGraceBesideFollowedContainers() throws Exception {
        GoferTestServer.requireDocker();
        String mark = UUID.randomUUID().toString();
        Map<String, String> labels = Map.of("gofer.test", "control-beside-followers", "gofer.test.mark", mark);
        DockerScheduler docker = new DockerScheduler(ServerSettings.fromJson(new JsonObject()).dockerHost(), null);
        Vertx vertx = Vertx.vertx();
        try {
            Bus.registerCodecs(vertx);
            vertx.deployVerticle(new SchedulerVerticle(docker)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            DeliveryOptions longer = new DeliveryOptions().setSendTimeout(120_000);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < RUNNING; i++) {
                ContainerSpec spec = new ContainerSpec("gofer-test-" + mark + "-" + i, GoferTestServer.IMAGE, null, false, null,
                        List.of("sleep", "600"), Map.of(), labels);
                ids.add(vertx.eventBus().<String>request(Bus.START_CONTAINER,
                                new StartContainer(new TaskKey("default", "control", 1, "t" + i), spec), longer)
                        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).body());
            }
            long began = System.nanoTime();
            vertx.eventBus().request(Bus.STOP_CONTAINER, new StopContainer(new TaskKey("default", "control", 1, "t0"), ids.get(0), GRACE), longer)
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            // the grace, plus what the engine needs to kill and report (seconds on a busy 2-core machine)
            assertTrue(took.compareTo(GRACE.plusSeconds(8)) < 0, "the stop took " + took + " beside " + RUNNING
                    + " followed containers");
        } finally {
            for (String id : docker.findByLabels(labels)) {
                docker.remove(id);
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            docker.close();
        }
    }
}
