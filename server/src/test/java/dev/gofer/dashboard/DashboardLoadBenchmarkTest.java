package dev.gofer.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.it.GoferTestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Load benchmark for the dashboard: a pipeline with 1,000 runs and a run of a 100-task DAG, all real
 * runs through the real server. Their tasks use an image from a registry that cannot answer
 * ({@code 127.0.0.1:9}), so each fails fast with {@code scheduler_error} instead of taking a container
 * start. Render times are measured in Chromium and reported (target/dashboard/load/load-report.txt), not
 * asserted; the test asserts the pages show what they should.
 */
class DashboardLoadBenchmarkTest {
    private static final String UNPULLABLE = "127.0.0.1:9/gofer-dashboard-bench:1";
    private static GoferTestServer server;

    @BeforeAll
    static void start() {
        GoferTestServer.requireDocker();
        BrowserScript.requireBrowser();
        server = GoferTestServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pipelineWith1000RunsAndRunOf100TaskDag() throws Exception {
        server.deploy(new JsonObject().put("id", "load-runs").put("name", "1000 runs")
                .put("tasks", new JsonArray().add(new JsonObject().put("id", "only").put("image", UNPULLABLE))));
        JsonArray dagTasks = new JsonArray();
        for (int i = 0; i < 100; i++) {
            JsonObject task = new JsonObject().put("id", String.format("t%03d", i)).put("image", UNPULLABLE);
            int layer = i / 10;
            if (layer > 0) {
                // two parents in the layer before, so the layout has crossings to reduce
                task.put("depends_on", new JsonObject()
                        .put(String.format("t%03d", (layer - 1) * 10 + i % 10), "any")
                        .put(String.format("t%03d", (layer - 1) * 10 + (i * 7 + 3) % 10), "any"));
            }
            dagTasks.add(task);
        }
        server.deploy(new JsonObject().put("id", "load-dag").put("name", "100 tasks").put("tasks", dagTasks));

        Instant t0 = Instant.now();
        startRuns("load-runs", 1000);
        long dagRun = server.startRun("load-dag", Map.of());
        awaitAllComplete("load-runs", 1000, Duration.ofMinutes(10));
        JsonObject dag = server.awaitRun("load-dag", dagRun, Duration.ofMinutes(5));
        System.out.println("created 1000 runs + a 100-task run in " + Duration.between(t0, Instant.now()).toMillis() + " ms");
        assertEquals("failed", dag.getString("status"));

        String out = BrowserScript.run("load.mjs", Map.of("GOFER_URL", server.url(""), "GOFER_TOKEN", server.rootToken, "LOAD_PIPELINE", "load-runs",
                "DAG_PIPELINE", "load-dag", "DAG_RUN", Long.toString(dagRun)), Duration.ofMinutes(5));
        assertTrue(out.contains("load benchmark done"), out);
    }

    /** Starts the runs over HTTP, eight requests at a time. */
    private static void startRuns(String pipeline, int count) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Semaphore inFlight = new Semaphore(8);
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            HttpRequest req = server.authorized(HttpRequest.newBuilder(URI.create(server.url(GoferTestServer.pipelines("default") + "/" + pipeline + "/runs"))))
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            all.add(http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> inFlight.release()));
        }
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> res = f.get();
            assertEquals(201, res.statusCode(), res.body());
        }
    }

    private static void awaitAllComplete(String pipeline, int count, Duration deadline) throws InterruptedException {
        Instant end = Instant.now().plus(deadline);
        long complete = 0;
        while (Instant.now().isBefore(end)) {
            JsonArray runs = server.get(GoferTestServer.pipelines("default") + "/" + pipeline + "/runs?limit=1000").json().getJsonArray("runs");
            complete = runs.stream().filter(r -> "complete".equals(((JsonObject) r).getString("state"))).count();
            if (runs.size() == count && complete == count) {
                return;
            }
            Thread.sleep(500); // polling a deadline: 1000 runs take a while to fail
        }
        throw new AssertionError(complete + " of " + count + " runs complete after " + deadline);
    }
}
