package dev.gofer.it;

import static dev.gofer.it.Pipelines.dependsOn;
import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code inject_api_token}: a task gets {@code GOFER_API_TOKEN} and {@code GOFER_API_URL} and talks to Gofer from
 * inside its container (busybox wget: POST with a body, which is what the object routes take). The token is this
 * run's only: its run's objects and its pipeline's objects, read its run; 403 for anything else; masked in the
 * logs; gone (401) once the run ends, also when the run ends after a restart.
 */
class InjectedTokenTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
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

    private static String base(String ns, String pipeline) {
        return GoferTestServer.pipelines(ns) + "/" + pipeline;
    }

    /** Shell: POST {@code data} to this run's object {@code key} with the injected token, from inside the task. */
    private static String putRunObject(String key, String data) {
        return "wget -q -O /dev/null --header \"Authorization: Bearer $GOFER_API_TOKEN\" --post-data \"" + data + "\" "
                + "\"$GOFER_API_URL/api/namespaces/$GOFER_NAMESPACE_ID/pipelines/$GOFER_PIPELINE_ID/runs/$GOFER_RUN_ID/objects/" + key + "\"";
    }

    /** Shell: wait (polling, at most ~2 minutes) until this run has object {@code key}; the test puts it when done. */
    private static String awaitRunObject(String key) {
        return "i=0; until wget -q -O /dev/null --header \"Authorization: Bearer $GOFER_API_TOKEN\" "
                + "\"$GOFER_API_URL/api/namespaces/$GOFER_NAMESPACE_ID/pipelines/$GOFER_PIPELINE_ID/runs/$GOFER_RUN_ID/objects/" + key
                + "\" 2>/dev/null; do i=$((i+1)); [ $i -gt 600 ] && exit 3; sleep 0.2; done";
    }

    @Test
    void aTaskPutsARunObjectOverHttpAndTheNextTaskReceivesIt() {
        gofer.deploy(pipeline("tok-pass",
                task("produce", putRunObject("handoff", "made-by-run-$GOFER_RUN_ID") + " && echo \"url=$GOFER_API_URL\"")
                        .put("inject_api_token", true),
                dependsOn(task("consume", "echo \"got: $IN\"")
                        .put("variables", new JsonObject().put("IN", "run_object{{handoff}}")), "produce", "success")));
        long run = gofer.startRun("tok-pass", Map.of());
        JsonObject done = gofer.awaitRun("tok-pass", run, DEADLINE);
        assertEquals("successful", done.getString("status"), () -> gofer.logs("tok-pass", run, "produce") + gofer.tasks("tok-pass", run));
        assertEquals("got: made-by-run-" + run + "\n", gofer.logs("tok-pass", run, "consume"));
        assertTrue(gofer.logs("tok-pass", run, "produce").matches("url=http://[0-9.]+:" + gofer.port() + "\n"),
                "GOFER_API_URL is the API's port on the Docker bridge gateway: " + gofer.logs("tok-pass", run, "produce"));
        // only the task that asked for it gets the token
        JsonArray consumerVars = gofer.tasks("tok-pass", run).get("consume").getJsonArray("variables");
        assertFalse(consumerVars.encode().contains("GOFER_API_TOKEN"), consumerVars.encode());
    }

    @Test
    void theReadmeExampleRuns() throws IOException {
        // examples/handoff.yaml, read as the CLI reads it: bound to the SDK's model and validated
        Object yaml = new org.yaml.snakeyaml.Yaml().load(Files.readString(Path.of("../examples/handoff.yaml")));
        com.fasterxml.jackson.databind.ObjectMapper strict = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        dev.gofer.sdk.config.PipelineConfig config = strict.convertValue(yaml, dev.gofer.sdk.config.PipelineConfig.class);
        assertEquals(List.of(), dev.gofer.sdk.config.PipelineConfigValidator.validate(config));
        gofer.deploy(new JsonObject(strict.writeValueAsString(config)));
        long run = gofer.startRun("handoff", Map.of());
        assertEquals("successful", gofer.awaitRun("handoff", run, DEADLINE).getString("status"), () -> gofer.tasks("handoff", run).toString());
        assertEquals("got: built by run " + run + "\n", gofer.logs("handoff", run, "consume"));
    }

    @Test
    void theTokenIsNarrowMaskedAndRevokedWhenTheRunEnds() {
        String own = base("default", "tok-narrow");
        // neighbours the token must not reach: another pipeline, the same pipeline id in another namespace, secrets
        gofer.deploy(pipeline("tok-other", task("t", "true")));
        assertEquals(201, gofer.postBytes(base("default", "tok-other") + "/objects/theirs", "theirs".getBytes()).status());
        assertEquals(201, gofer.post("/api/namespaces", "{\"id\": \"tok-ns\", \"name\": \"x\", \"description\": \"\"}").status());
        gofer.deploy("tok-ns", pipeline("tok-narrow", task("t", "true")));
        assertEquals(201, gofer.postBytes(base("tok-ns", "tok-narrow") + "/objects/theirs", "theirs".getBytes()).status());
        gofer.deploy(pipeline("tok-narrow",
                task("leak", putRunObject("token", "$GOFER_API_TOKEN") + " && echo \"token=$GOFER_API_TOKEN\" && "
                        + awaitRunObject("done") + " && echo \"still=$GOFER_API_TOKEN\"").put("inject_api_token", true)));
        assertEquals(201, gofer.post(own + "/secrets", new JsonObject().put("key", "DB").put("content", "db-pass").encode()).status());
        // an earlier run of the same pipeline, with an object of its own
        long earlier = gofer.startRun("tok-narrow", Map.of());
        String earlierObjects = own + "/runs/" + earlier + "/objects";
        assertEquals(201, gofer.postBytes(earlierObjects + "/mine", "earlier".getBytes()).status());
        String earlierToken = awaitObject(own + "/runs/" + earlier + "/objects/token");
        assertEquals(201, gofer.postBytes(earlierObjects + "/done", new byte[0]).status());
        gofer.awaitRun("tok-narrow", earlier, DEADLINE);

        long run = gofer.startRun("tok-narrow", Map.of());
        String runPath = own + "/runs/" + run;
        // the task leaks its token into a run object: the test plays whoever got hold of it
        String token = awaitObject(runPath + "/objects/token");
        assertEquals(43, token.length(), "a real token: " + token.length() + " characters");
        GoferTestServer leaked = gofer.as(token);

        assertEquals(200, leaked.get(runPath).status(), "reads its run");
        assertEquals(200, leaked.get(runPath + "/tasks").status(), "and its tasks");
        assertEquals(200, leaked.get(runPath + "/objects/token").status(), "reads its run's objects");
        assertEquals(201, leaked.postBytes(runPath + "/objects/extra", "x".getBytes()).status(), "writes its run's objects");
        assertEquals(201, leaked.postBytes(own + "/objects/cache", "c".getBytes()).status(), "writes its pipeline's objects");
        assertEquals("c", leaked.get(own + "/objects/cache").body(), "reads its pipeline's objects");

        Map<String, Integer> refused = new java.util.LinkedHashMap<>();
        refused.put("GET " + base("default", "tok-other") + "/objects/theirs", leaked.get(base("default", "tok-other") + "/objects/theirs").status());
        refused.put("POST " + base("default", "tok-other") + "/objects/theirs", leaked.postBytes(base("default", "tok-other") + "/objects/theirs?force=true", "x".getBytes()).status());
        refused.put("GET " + base("tok-ns", "tok-narrow") + "/objects/theirs", leaked.get(base("tok-ns", "tok-narrow") + "/objects/theirs").status());
        refused.put("POST " + base("tok-ns", "tok-narrow") + "/objects/theirs", leaked.postBytes(base("tok-ns", "tok-narrow") + "/objects/theirs?force=true", "x".getBytes()).status());
        refused.put("GET another run's object", leaked.get(earlierObjects + "/mine").status());
        refused.put("GET another run's objects", leaked.get(earlierObjects).status());
        refused.put("POST another run's object", leaked.postBytes(earlierObjects + "/mine?force=true", "x".getBytes()).status());
        refused.put("GET another run", leaked.get(own + "/runs/" + earlier).status());
        refused.put("GET runs", leaked.get(own + "/runs").status());
        refused.put("POST runs", leaked.post(own + "/runs", "{}").status());
        refused.put("DELETE its run", leaked.delete(runPath).status());
        refused.put("DELETE pipeline object", leaked.delete(own + "/objects/cache").status());
        refused.put("GET secrets", leaked.get(own + "/secrets").status());
        refused.put("GET secret", leaked.get(own + "/secrets/DB?include_secret=true").status());
        refused.put("POST secret", leaked.post(own + "/secrets", new JsonObject().put("key", "DB").put("content", "x").put("force", true).encode()).status());
        refused.put("DELETE secret", leaked.delete(own + "/secrets/DB").status());
        refused.put("GET global secrets", leaked.get("/api/secrets/global").status());
        refused.put("GET pipeline", leaked.get(own).status());
        refused.put("GET config", leaked.get(own + "/configs").status());
        refused.put("GET namespaces", leaked.get("/api/namespaces").status());
        refused.put("GET tokens", leaked.get("/api/tokens").status());
        refused.put("POST tokens", leaked.post("/api/tokens", "{\"user\": \"x\", \"roles\": [\"run-token\"]}").status());
        refused.put("GET events", leaked.get("/api/events?history=true&follow=false").status());
        refused.forEach((what, status) -> assertEquals(403, status, what));
        assertEquals("theirs", gofer.get(base("default", "tok-other") + "/objects/theirs").body(), "nothing changed there");
        assertEquals("theirs", gofer.get(base("tok-ns", "tok-narrow") + "/objects/theirs").body());
        assertEquals("earlier", gofer.get(earlierObjects + "/mine").body());
        assertEquals(200, gofer.get(own + "/secrets/DB").status(), "the secret is still there");
        assertEquals(401, gofer.as(earlierToken).get(own + "/runs/" + earlier).status(), "the earlier run's token died with it");

        // listed with its metadata while the run lasts, never with its value
        GoferTestServer.Response tokens = gofer.get("/api/tokens");
        assertFalse(tokens.body().contains(token), "no token value in the listing");
        JsonObject listed = tokens.json().getJsonArray("tokens").stream().map(JsonObject.class::cast)
                .filter(t -> t.getString("user").equals("run:default/tok-narrow/" + run)).findFirst()
                .orElseThrow(() -> new AssertionError("run token not listed: " + tokens.body()));
        assertEquals(new JsonArray().add("run-token"), listed.getJsonArray("roles"));
        assertEquals(String.valueOf(run), listed.getJsonObject("metadata").getString("run"));
        GoferTestServer.Response task = gofer.get(runPath + "/tasks/leak");
        assertEquals(200, task.status());
        assertFalse(task.body().contains(token), "the task's API view never holds the value: " + task.body());

        assertEquals(201, gofer.postBytes(runPath + "/objects/done", new byte[0]).status());
        assertEquals("successful", gofer.awaitRun("tok-narrow", run, DEADLINE).getString("status"));
        assertEquals(401, leaked.get(runPath).status(), "unusable once the run is complete");
        assertEquals(401, leaked.get(own + "/objects/cache").status());
        assertEquals("token=[masked]\nstill=[masked]\n", gofer.logs("tok-narrow", run, "leak"));
        assertFalse(gofer.get("/api/tokens").body().contains("run:default/tok-narrow/" + run), "deleted, not just disabled");
        List<JsonObject> events = EventStreamTest.finite(gofer, "?history=true&follow=false");
        assertTrue(events.stream().noneMatch(e -> e.encode().contains(token)), "no event holds the value");
        assertTrue(events.stream().anyMatch(e -> EventStream.kind(e).equals("deleted_token")
                && EventStream.details(e).getString("token_id").equals(listed.getString("id"))), "revoking it is an event");
    }

    @Test
    void aRunThatEndsAfterARestartStillMasksAndRevokesItsToken() throws IOException {
        Path dir = Files.createTempDirectory("gofer-token-restart");
        String pipelineId = "tok-restart-" + UUID.randomUUID().toString().substring(0, 8);
        String runPath;
        String token;
        long run;
        try (GoferTestServer first = GoferTestServer.start(dir, s -> s)) {
            // the task outlives the server: it prints its token before and after the restart
            first.deploy(pipeline(pipelineId, task("slow", putRunObject("token", "$GOFER_API_TOKEN")
                    + " && echo \"before=$GOFER_API_TOKEN\" && sleep 6 && echo \"after=$GOFER_API_TOKEN\"").put("inject_api_token", true)));
            run = first.startRun(pipelineId, Map.of());
            runPath = base("default", pipelineId) + "/runs/" + run;
            token = awaitObject(first, runPath + "/objects/token");
            assertEquals(200, first.as(token).get(runPath).status());
            long id = run;
            await(() -> first.logs(pipelineId, id, "slow").contains("before="), "the first line is stored");
        }
        try (GoferTestServer second = GoferTestServer.start(dir, s -> s)) {
            assertEquals("successful", second.awaitRun(pipelineId, run, DEADLINE).getString("status"));
            assertEquals("before=[masked]\nafter=[masked]\n", second.logs(pipelineId, run, "slow"),
                    "the re-attached task's output is masked too: the value is computed again, never stored");
            assertEquals(401, second.as(token).get(runPath).status(), "revoked when the resumed run ended");
            assertFalse(second.get("/api/tokens").body().contains("run:default/" + pipelineId), second.get("/api/tokens").body());
        }
    }

    private static String awaitObject(String path) {
        return awaitObject(gofer, path);
    }

    private static String awaitObject(GoferTestServer server, String path) {
        Instant end = Instant.now().plus(DEADLINE);
        GoferTestServer.Response res;
        while ((res = server.get(path)).status() != 200) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("object " + path + " not there within " + DEADLINE + ": " + res);
            }
            pause();
        }
        return res.body();
    }

    private static void await(BooleanSupplier condition, String what) {
        Instant end = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not within " + DEADLINE + ": " + what);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50); // poll interval; the deadline bounds the wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
