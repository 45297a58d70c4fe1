package dev.gofer.it;

import static dev.gofer.it.Pipelines.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void runsAPipeline() {
        GoferTestServer.requireDocker();
        try (GoferTestServer gofer = GoferTestServer.start()) {
            gofer.deploy(pipeline("smoke", task("a", "echo hello; echo oops >&2"), dependsOn(task("b", "echo $GREETING; exit 3"), "a", "success")));
            long run = gofer.startRun("smoke", Map.of("GREETING", "hi there"));
            var r = gofer.awaitRun("smoke", run, Duration.ofSeconds(30));
            System.out.println(r.encodePrettily());
            System.out.println(gofer.tasks("smoke", run));
            System.out.println(gofer.logs("smoke", run, "a"));
            System.out.println(gofer.logs("smoke", run, "b"));
            assertEquals("failed", r.getString("status"));
        }
    }
}
