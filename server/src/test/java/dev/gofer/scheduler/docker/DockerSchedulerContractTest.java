package dev.gofer.scheduler.docker;

import dev.gofer.config.ServerSettings;
import dev.gofer.it.GoferTestServer;
import dev.gofer.scheduler.Scheduler;
import dev.gofer.scheduler.SchedulerContract;
import dev.gofer.testing.Command;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;

/** The scheduler contract on the real Docker engine. */
class DockerSchedulerContractTest extends SchedulerContract {

    @BeforeAll
    static void needsDocker() {
        GoferTestServer.requireDocker();
    }

    @Override
    protected Scheduler create() {
        DockerScheduler s = new DockerScheduler(ServerSettings.fromJson(new JsonObject()).dockerHost(), null);
        return s;
    }

    @Override
    protected String printedSoFar(String id) throws Exception {
        return Command.run(Command.DOCKER_BOUND, "docker", "logs", id).output();
    }
}
