package dev.gofer.it;

import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** GET /metrics: a real server, a real Docker task, scraped the way Prometheus does. */
class MetricsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String TOKEN = "scrape-" + java.util.UUID.randomUUID().toString().replace("-", "");
    private static final String SECRET = "metrics-Secret-Value-5";
    private static final Pattern ROUTE = Pattern.compile("route=\"([^\"]*)\"");

    @Test
    void aScrapeAfterARunShowsItsCountersHistogramsHttpRoutesPoolsAndTheJvm() throws Exception {
        GoferTestServer.requireDocker();
        try (GoferTestServer gofer = GoferTestServer.start(null, s -> s.with("metrics_token", TOKEN))) {
            assertEquals(201, gofer.post("/api/secrets/global", new JsonObject().put("key", "METERED").put("content", SECRET)
                    .put("namespaces", new JsonArray().add("default")).put("force", true).encode()).status());
            gofer.deploy(pipeline("metered", task("work", "echo \"secret: $PW\"; echo working; sleep 2; echo done")
                    .put("variables", new JsonObject().put("PW", "global_secret{{METERED}}"))));
            String before = scrape(gofer, TOKEN).body();
            assertEquals(0.0, sum(before, "gofer_runs_finished_total", "pipeline=\"metered\""));

            long run;
            try (EventStream ignored = EventStream.open(gofer, "")) {
                assertEquals(1.0, sum(scrape(gofer, TOKEN).body(), "gofer_event_subscribers", ""), "the open event stream");
                run = gofer.startRun("metered", Map.of());
                awaitScrape(gofer, "gofer_containers_running", "", v -> v == 1.0); // while the task sleeps
                assertEquals("successful", gofer.awaitRun("metered", run, DEADLINE).getString("status"));
            }
            gofer.get("/api/namespaces/default/pipelines/metered/runs/" + run);
            RawHttp.send(gofer.port(), "BREW", "/api/system/metadata", Map.of(), null);

            String text = awaitScrape(gofer, "gofer_event_subscribers", "", v -> v == 0.0); // the stream's close arrives
            Files.writeString(Path.of("target", "metrics-scrape-" + GoferTestServer.STORE + ".txt"), text); // to read, as docs/metrics.md shows
            String metered = "namespace=\"default\",pipeline=\"metered\"";
            assertEquals(1.0, sum(text, "gofer_runs_started_total", metered));
            assertEquals(1.0, sum(text, "gofer_runs_finished_total", metered + ",status=\"successful\""));
            assertEquals(1.0, sum(text, "gofer_run_duration_seconds_count", metered + ",status=\"successful\""));
            assertTrue(sum(text, "gofer_run_duration_seconds_sum", metered) >= 2.0, "the run took the task's 2 s at least");
            assertEquals(1.0, sum(text, "gofer_task_duration_seconds_count", metered + ",status=\"successful\""));
            assertEquals(1.0, sum(text, "gofer_tasks_finished_total", metered + ",status=\"successful\""));
            assertTrue(sum(text, "gofer_task_start_latency_seconds_count", "namespace=\"default\"") >= 1.0, text);
            assertTrue(sum(text, "gofer_log_bytes_total", metered) >= "working\ndone\n".length(), text);
            assertEquals(0.0, sum(text, "gofer_containers_running", ""));
            assertEquals(0.0, sum(text, "gofer_runs_active", "state=\"pending\""));
            assertEquals(0.0, sum(text, "gofer_runs_active", "state=\"running\""));

            // HTTP requests by route template, method and status; never the raw path, never an unknown method
            String runRoute = "route=\"/api/namespaces/:namespace_id/pipelines/:pipeline_id/runs/:run_id\"";
            assertTrue(sum(text, "vertx_http_server_requests_total", "code=\"200\",method=\"GET\"," + runRoute) >= 1.0, text);
            assertTrue(sum(text, "vertx_http_server_response_time_seconds_bucket", runRoute) > 0, "response time histogram");
            Matcher routes = ROUTE.matcher(text);
            while (routes.find()) {
                assertFalse(routes.group(1).contains("metered") || routes.group(1).matches(".*/\\d+(/.*)?"),
                        "a route label is a template, not a path: " + routes.group());
            }
            assertTrue(text.contains("method=\"OTHER\""), "an unknown method is counted as OTHER");
            assertFalse(text.contains("BREW"), "an unknown method never becomes a label value");

            // the database pool, the JVM
            String pool = "pool_name=\"" + (GoferTestServer.STORE.equals("postgres") ? "gofer-postgres" : "gofer-sqlite") + "\"";
            assertTrue(text.contains("vertx_pool_queue_pending{" + pool + ",pool_type=\"sql\"}"), "database pool waits: " + pool);
            assertTrue(sum(text, "vertx_pool_queue_time_seconds_count", pool) >= 1.0, "database pool waits are timed");
            for (String jvm : Set.of("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_gc_memory_allocated_bytes_total",
                    "process_cpu_usage")) {
                assertTrue(text.contains("\n" + jvm + "{") || text.contains("\n" + jvm + " "), jvm + " in the scrape");
            }

            // no secret in the scrape: not the metrics token, the API token, the encryption key or a secret's value
            for (String secret : Set.of(TOKEN, gofer.rootToken, GoferTestServer.TEST_KEY_HEX, SECRET)) {
                assertFalse(text.contains(secret), "a secret in the scrape");
            }
        }
    }

    @Test
    void onlyTheMetricsTokenOpensTheScrapeAndWithoutOneThereIsNone() throws Exception {
        try (GoferTestServer gofer = GoferTestServer.start(null, s -> s.with("metrics_token", TOKEN))) {
            for (String wrong : new String[]{null, "Bearer " + TOKEN + "x", "Bearer " + gofer.rootToken, "Basic " + TOKEN}) {
                HttpResponse<String> res = scrape(gofer, wrong == null ? null : wrong.substring(wrong.indexOf(' ') + 1), wrong);
                assertEquals(401, res.statusCode(), "Authorization: " + wrong);
                assertTrue(res.body().contains("Authorization: Bearer <metrics_token>"), res.body());
                assertEquals("Bearer realm=\"gofer metrics\"", res.headers().firstValue("www-authenticate").orElse(""));
                assertFalse(res.body().contains(TOKEN), "the answer never shows the token");
            }
            HttpResponse<String> ok = scrape(gofer, TOKEN);
            assertEquals(200, ok.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", ok.headers().firstValue("content-type").orElse(""));
            assertEquals(401, gofer.as(TOKEN).get("/api/namespaces").status(), "the metrics token opens no API route");
        }
        try (GoferTestServer off = GoferTestServer.start()) {
            HttpResponse<String> res = scrape(off, TOKEN);
            assertEquals(404, res.statusCode());
            assertTrue(res.body().contains("metrics are off: set metrics_token"), res.body());
        }
    }

    private static HttpResponse<String> scrape(GoferTestServer gofer, String token) throws Exception {
        return scrape(gofer, token, token == null ? null : "Bearer " + token);
    }

    private static HttpResponse<String> scrape(GoferTestServer gofer, String token, String authorization) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(gofer.url("/metrics"))).timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Scrapes (every 50 ms) until the series' sum satisfies {@code wanted}; returns that scrape. */
    private static String awaitScrape(GoferTestServer gofer, String name, String labels, DoublePredicate wanted) throws Exception {
        Instant end = Instant.now().plus(DEADLINE);
        String text;
        do {
            text = scrape(gofer, TOKEN).body();
            if (wanted.test(sum(text, name, labels))) {
                return text;
            }
            Thread.sleep(50); // poll interval; the deadline bounds the wait
        } while (Instant.now().isBefore(end));
        throw new AssertionError(name + "{" + labels + "} never as wanted:\n" + text);
    }

    /** The sum of every sample of {@code name} whose labels contain {@code labels} (comma-joined k="v" pairs). */
    private static double sum(String scrape, String name, String labels) {
        double total = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                String series = line.substring(0, line.lastIndexOf(' '));
                boolean all = true;
                for (String pair : labels.isEmpty() ? new String[0] : labels.split(",(?=[a-z_]+=\")")) {
                    all &= series.contains(pair);
                }
                if (all) {
                    total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return total;
    }
}
