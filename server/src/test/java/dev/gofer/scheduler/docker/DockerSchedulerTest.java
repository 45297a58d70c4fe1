package dev.gofer.scheduler.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.ServerSettings;
import dev.gofer.it.GoferTestServer;
import dev.gofer.scheduler.ContainerSpec;
import dev.gofer.scheduler.SchedulerException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Docker scheduler against a real engine. */
class DockerSchedulerTest {
    private final String mark = UUID.randomUUID().toString();
    private final DockerScheduler docker = new DockerScheduler(ServerSettings.fromJson(new io.vertx.core.json.JsonObject()).dockerHost(), null);

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
}
