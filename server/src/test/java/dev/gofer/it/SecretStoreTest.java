package dev.gofer.it;

import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pipeline and global secrets over the API and into real containers, masked in every log. */
class SecretStoreTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String VALUE = "s3cr3t-Value-42";
    private static GoferTestServer gofer;

    @BeforeAll
    static void start() {
        GoferTestServer.requireDocker();
        gofer = GoferTestServer.start();
    }

    @AfterAll
    static void stop() {
        if (gofer != null) {
            gofer.close();
        }
    }

    private static String secrets(String pipeline) {
        return GoferTestServer.pipelines("default") + "/" + pipeline + "/secrets";
    }

    private static void putPipelineSecret(String pipeline, String key, String value) {
        GoferTestServer.Response res = gofer.post(secrets(pipeline),
                new JsonObject().put("key", key).put("content", value).put("force", true).encode());
        assertEquals(201, res.status(), res.body());
        assertFalse(res.body().contains(value), "the put response carries no value");
    }

    @Test
    void listingShowsKeysOnlyAndTheValueNeedsIncludeSecret() {
        gofer.deploy(pipeline("sec-api", task("t", "true")));
        putPipelineSecret("sec-api", "DB_PASS", VALUE);
        GoferTestServer.Response again = gofer.post(secrets("sec-api"),
                new JsonObject().put("key", "DB_PASS").put("content", "other").put("force", false).encode());
        assertEquals(409, again.status());

        GoferTestServer.Response list = gofer.get(secrets("sec-api"));
        assertEquals("DB_PASS", list.json().getJsonArray("secrets").getJsonObject(0).getString("key"));
        assertFalse(list.body().contains(VALUE), list.body());

        GoferTestServer.Response meta = gofer.get(secrets("sec-api") + "/DB_PASS");
        assertEquals(200, meta.status(), meta.body());
        assertNull(meta.json().getValue("secret"));
        assertFalse(meta.body().contains(VALUE));
        assertEquals(VALUE, gofer.get(secrets("sec-api") + "/DB_PASS?include_secret=true").json().getString("secret"));

        GoferTestServer.Response bad = gofer.post(secrets("sec-api"), new JsonObject().put("key", "bad key").put("content", VALUE).encode());
        assertEquals(400, bad.status());
        assertFalse(bad.body().contains(VALUE), "errors never echo the value: " + bad.body());

        assertEquals(204, gofer.delete(secrets("sec-api") + "/DB_PASS").status());
        assertEquals(404, gofer.get(secrets("sec-api") + "/DB_PASS").status());
    }

    @Test
    void aTaskGetsTheValueWhileLogsAndApiShowOnlyMasksAndPlaceholders() throws Exception {
        // The value is printed whole, in a loop, and split across two writes a second apart (two output chunks).
        String script = "echo \"whole: $PW\"; for i in 1 2 3; do echo \"loop $i $PW\"; done; "
                + "printf 'split: %s' \"$(echo \"$PW\" | cut -c1-6)\"; sleep 1; echo \"$PW\" | cut -c7-; "
                + "echo \"global: $G\" >&2; [ \"$(printf %s \"$PW\" | md5sum | cut -c1-32)\" = '" + md5(VALUE) + "' ]";
        gofer.deploy(pipeline("sec-run", task("use", script)
                .put("variables", new JsonObject().put("PW", "pipeline_secret{{PW}}").put("G", "global_secret{{SHARED}}"))));
        putPipelineSecret("sec-run", "PW", VALUE);
        GoferTestServer.Response global = gofer.post("/api/secrets/global", new JsonObject().put("key", "SHARED")
                .put("content", "global-Value-7").put("namespaces", new JsonArray().add("def.*")).put("force", true).encode());
        assertEquals(201, global.status(), global.body());

        long run = gofer.startRun("sec-run", Map.of());
        String followed = follow("sec-run", run, "use");
        JsonObject done = gofer.awaitRun("sec-run", run, DEADLINE);
        assertEquals("successful", done.getString("status"), "the container saw the real value: " + gofer.logs("sec-run", run, "use"));

        String stored = gofer.logs("sec-run", run, "use");
        for (String log : new String[]{stored, followed}) {
            assertFalse(log.contains(VALUE) || log.contains("s3cr3t") || log.contains("global-Value-7"), log);
            assertTrue(log.contains("whole: [masked]\n"), log);
            assertTrue(log.contains("loop 1 [masked]\nloop 2 [masked]\nloop 3 [masked]\n"), log);
            assertTrue(log.contains("split: [masked]\n"), log);
            assertTrue(log.contains("global: [masked]\n"), log);
        }
        String task = gofer.get(GoferTestServer.pipelines("default") + "/sec-run/runs/" + run + "/tasks/use").body();
        assertTrue(task.contains("pipeline_secret{{PW}}"), task);
        assertFalse(task.contains(VALUE) || task.contains("global-Value-7"), task);
        assertFalse(gofer.get(GoferTestServer.pipelines("default") + "/sec-run/runs/" + run).body().contains(VALUE));
    }

    @Test
    void aValueSplitAcrossStdoutAndStderrIsMasked() throws Exception {
        // Docker delivers a stream's output a line at a time: the half printed without a newline arrives after
        // the other stream's line, so the two halves reach Gofer in the opposite order, never side by side.
        String first = "\"$(printf %s \"$PW\" | cut -c1-7)\"";
        String second = "\"$(printf %s \"$PW\" | cut -c8-)\"";
        gofer.deploy(pipeline("sec-split",
                task("out-then-err", "printf %s " + first + "; printf '%s\\n' " + second + " >&2")
                        .put("variables", new JsonObject().put("PW", "pipeline_secret{{PW}}")),
                task("err-then-out", "printf %s " + first + " >&2; printf '%s\\n' " + second + "; echo more >&2")
                        .put("variables", new JsonObject().put("PW", "pipeline_secret{{PW}}"))));
        putPipelineSecret("sec-split", "PW", VALUE);
        long run = gofer.startRun("sec-split", Map.of());
        assertEquals("successful", gofer.awaitRun("sec-split", run, DEADLINE).getString("status"));
        for (String task : new String[]{"out-then-err", "err-then-out"}) {
            String log = gofer.logs("sec-split", run, task);
            assertFalse(log.contains(VALUE.substring(0, 7)) || log.contains(VALUE.substring(7)), task + ": " + log);
            assertTrue(log.contains("[masked]"), task + ": " + log);
        }
        assertTrue(gofer.logs("sec-split", run, "err-then-out").contains("more\n"), "the rest of the output is kept");
    }

    @Test
    void aMissingSecretOrAGlobalSecretNotAllowedHereFailsTheTaskNamingTheKey() {
        gofer.post("/api/secrets/global", new JsonObject().put("key", "TEAM_ONLY").put("content", "team-Value")
                .put("namespaces", new JsonArray().add("team-.*")).put("force", true).encode());
        gofer.deploy(pipeline("sec-missing",
                task("missing", "echo never").put("variables", new JsonObject().put("X", "pipeline_secret{{NOPE}}")),
                task("not-allowed", "echo never").put("variables", new JsonObject().put("Y", "global_secret{{TEAM_ONLY}}")),
                task("plain", "echo fine")));
        long run = gofer.startRun("sec-missing", Map.of());
        assertEquals("failed", gofer.awaitRun("sec-missing", run, DEADLINE).getString("status"));
        Map<String, JsonObject> tasks = gofer.tasks("sec-missing", run);
        JsonObject missing = tasks.get("missing").getJsonObject("status_reason");
        assertEquals("failed_precondition", missing.getString("reason"));
        assertTrue(missing.getString("description").contains("NOPE"), missing.encode());
        JsonObject notAllowed = tasks.get("not-allowed").getJsonObject("status_reason");
        assertEquals("failed_precondition", notAllowed.getString("reason"));
        assertTrue(notAllowed.getString("description").contains("TEAM_ONLY")
                && notAllowed.getString("description").contains("namespace 'default'"), notAllowed.encode());
        assertFalse(notAllowed.encode().contains("team-Value"));
        assertEquals("successful", tasks.get("plain").getString("status"));

        GoferTestServer.Response invalid = gofer.post("/api/secrets/global", new JsonObject().put("key", "K").put("content", "v")
                .put("namespaces", new JsonArray().add("(")).encode());
        assertEquals(400, invalid.status());
        assertTrue(invalid.json().getString("message").contains("namespaces[0]"), invalid.body());
        GoferTestServer.Response list = gofer.get("/api/secrets/global");
        assertTrue(list.body().contains("\"team-.*\"") && !list.body().contains("team-Value"), list.body());
    }

    /** The container checks it got the value by its digest, so the value is nowhere in the pipeline config. */
    private static String md5(String value) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** The log as a follower receives it while the task runs. */
    private static String follow(String pipeline, long run, String task) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String url = gofer.url(GoferTestServer.pipelines("default") + "/" + pipeline + "/runs/" + run + "/tasks/" + task + "/logs?follow=true");
        gofer.awaitTask(pipeline, run, task, t -> !"processing".equals(t.getString("state")) && !"waiting".equals(t.getString("state")), DEADLINE);
        HttpResponse<InputStream> res = http.send(gofer.authorized(HttpRequest.newBuilder(URI.create(url))).timeout(DEADLINE).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = res.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
