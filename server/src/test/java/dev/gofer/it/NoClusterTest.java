package dev.gofer.it;

import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.ServerSettings;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NoClusterTest {
    @Test
    @DisplayName("scheduler kubernetes with no cluster: server still starts, task fails with scheduler_error naming the API URL")
    void noCluster() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;
        // what fabric8's standard search finds: no service account, no kubeconfig, this master URL
        Map<String, String> found = Map.of("kubernetes.master", url, "kubernetes.auth.tryKubeConfig", "false",
                "kubernetes.auth.tryServiceAccount", "false");
        found.forEach(System::setProperty);
        try (GoferTestServer gofer = GoferTestServer.start(null, s -> s.with("scheduler", ServerSettings.KUBERNETES))) {
            assertEquals(200, gofer.get("/api/system/metadata").status());
            gofer.deploy(pipeline("nocluster", task("a", "echo never")));
            long runId = gofer.startRun("nocluster", Map.of());
            JsonObject run = gofer.awaitRun("nocluster", runId, Duration.ofSeconds(60));
            assertEquals("failed", run.getString("status"), run.encodePrettily());
            JsonObject reason = gofer.tasks("nocluster", runId).get("a").getJsonObject("status_reason");
            assertNotNull(reason);
            assertEquals("scheduler_error", reason.getString("reason"));
            String description = reason.getString("description", "");
            assertTrue(description.contains("no Kubernetes API server answers at " + url), description);
            assertTrue(description.contains("KUBECONFIG"), "says how to fix it: " + description);
        } finally {
            found.keySet().forEach(System::clearProperty);
        }
    }
}
