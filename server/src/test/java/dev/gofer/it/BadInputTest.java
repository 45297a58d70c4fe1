package dev.gofer.it;

import static dev.gofer.it.Pipelines.dependsOn;
import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input is refused whole, with the field and the problem named, and leaves nothing behind. */
class BadInputTest {
    private static final String BASE = GoferTestServer.pipelines("default");
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

    private static GoferTestServer.Response register(String id, String body) {
        return gofer.post(BASE + "/" + id + "/configs", body);
    }

    private static void assertRefused(String id, JsonObject config, String... expectedInMessage) {
        GoferTestServer.Response res = register(id, new JsonObject().put("config", config).encode());
        assertBadRequest(res, expectedInMessage);
        assertEquals(404, gofer.get(BASE + "/" + id).status(), "a refused config must not create the pipeline");
    }

    private static void assertBadRequest(GoferTestServer.Response res, String... expectedInMessage) {
        assertEquals(400, res.status(), res.body());
        JsonObject error = res.json();
        assertNotNull(error.getString("request_id"));
        assertEquals("bad_request", error.getString("error_code"));
        for (String expected : expectedInMessage) {
            assertTrue(error.getString("message").contains(expected), "'" + expected + "' missing from: " + error.getString("message"));
        }
    }

    @Test
    void dependencyCycle() {
        assertRefused("cyclic", pipeline("cyclic",
                dependsOn(task("a", "true"), "c", "success"),
                dependsOn(task("b", "true"), "a", "success"),
                dependsOn(task("c", "true"), "b", "success")), "config.tasks", "dependency cycle", "->");
    }

    @Test
    void unknownParent() {
        assertRefused("orphan", pipeline("orphan", dependsOn(task("a", "true"), "nope", "success")),
                "config.tasks[0].depends_on.nope", "unknown parent task 'nope'");
    }

    @Test
    void duplicateTaskId() {
        assertRefused("dupes", pipeline("dupes", task("a", "true"), task("a", "false")), "config.tasks[1].id", "duplicate task id 'a'");
    }

    @Test
    void idsMustBeLowercaseLettersDigitsAndHyphens() {
        assertRefused("bad-task-id", pipeline("bad-task-id", task("Build_Step", "true")), "config.tasks[0].id", "lowercase letters, digits and hyphens");
        GoferTestServer.Response res = register("Bad_Pipeline", new JsonObject().put("config", pipeline("Bad_Pipeline", task("a", "true"))).encode());
        assertBadRequest(res, "config.id", "lowercase");
    }

    @Test
    void missingImage() {
        JsonObject t = task("a", "true");
        t.remove("image");
        assertRefused("no-image", pipeline("no-image", t), "config.tasks[0].image", "is required");
    }

    @Test
    void unknownConditionNamesTheAllowedOnes() {
        assertRefused("bad-condition", pipeline("bad-condition", task("a", "true"), dependsOn(task("b", "true"), "a", "maybe")),
                "config.tasks[1].depends_on", "any, success, failure");
    }

    @Test
    void misspelledFieldIsNamed() {
        JsonObject t = task("a", "true");
        t.put("imgae", "busybox");
        assertRefused("typo", pipeline("typo", t), "config.tasks[0].imgae", "unknown field");
    }

    @Test
    void nullsInsideListsAreNamed() {
        assertRefused("null-task", pipeline("null-task").put("tasks", new JsonArray().addNull()), "config.tasks[0]", "is null");
        JsonObject t = task("a", "true");
        t.put("command", new JsonArray().add("sh").addNull());
        assertRefused("null-arg", pipeline("null-arg", t), "config.tasks[0].command", "item 1 is null");
    }

    @Test
    void configVariablesTheContainerCannotTakeAreRefused() {
        JsonObject nul = task("a", "true");
        nul.getJsonObject("variables").put("SECRETISH", "hunter2\0");
        assertRefused("nul-var", pipeline("nul-var", nul), "config.tasks[0].variables.SECRETISH", "NUL");
        assertFalse(register("nul-var", new JsonObject().put("config", pipeline("nul-var", nul)).encode()).body().contains("hunter2"),
                "the value is never echoed");
        JsonObject emptyPath = task("a", "true");
        emptyPath.getJsonObject("variables").put("PATH", "");
        assertRefused("empty-path", pipeline("empty-path", emptyPath), "config.tasks[0].variables.PATH", "must not be empty");
    }

    @Test
    void malformedJson() {
        assertBadRequest(register("broken", "{\"config\": {\"id\": "), "not valid JSON");
        assertBadRequest(register("broken", "[]"), "config");
        assertEquals(404, gofer.get(BASE + "/broken").status());
    }

    @Test
    void idInBodyMustMatchTheUrl() {
        assertBadRequest(register("url-id", new JsonObject().put("config", pipeline("body-id", task("a", "true"))).encode()),
                "config.id", "does not match");
    }

    @Test
    void refusedNewVersionLeavesTheExistingPipelineUntouched() {
        gofer.deploy(pipeline("stable", task("a", "true")));
        assertBadRequest(register("stable", new JsonObject().put("config",
                pipeline("stable", task("a", "true"), task("a", "true"))).encode()), "duplicate");
        JsonArray configs = gofer.get(BASE + "/stable/configs").json().getJsonArray("configs");
        assertEquals(1, configs.size(), "no half-written version");
    }

    @Test
    void unknownThingsAre404WithAMessage() {
        gofer.deploy(pipeline("known", task("a", "true")));
        long run = gofer.startRun("known", Map.of());
        gofer.awaitRun("known", run, java.time.Duration.ofSeconds(60));
        for (String path : new String[] {
                BASE + "/unknown", BASE + "/unknown/runs", BASE + "/known/runs/999", BASE + "/known/runs/" + run + "/tasks/nope",
                BASE + "/known/runs/" + run + "/tasks/nope/logs", BASE + "/known/configs/42", "/api/namespaces/nowhere/pipelines"}) {
            GoferTestServer.Response res = gofer.get(path);
            assertEquals(404, res.status(), path + " -> " + res.body());
            assertEquals("not_found", res.json().getString("error_code"));
            assertFalse(res.json().getString("message").isBlank());
        }
        assertEquals(404, gofer.post(BASE + "/unknown/runs", "{}").status());
    }

    @Test
    void startingARunNeedsADeployedConfigAndStringVariables() {
        GoferTestServer.Response reg = register("undeployed", new JsonObject().put("config", pipeline("undeployed", task("a", "true"))).encode());
        assertEquals(201, reg.status());
        assertBadRequest(gofer.post(BASE + "/undeployed/runs", "{\"variables\":{}}"), "no deployed config");

        gofer.deploy(pipeline("typed-vars", task("a", "true")));
        assertBadRequest(gofer.post(BASE + "/typed-vars/runs", "{\"variables\":{\"N\": 3}}"), "variables.N", "must be a string");
        assertBadRequest(gofer.post(BASE + "/typed-vars/runs", "{\"variables\": "), "not valid JSON");
        assertEquals(0, gofer.get(BASE + "/typed-vars/runs").json().getJsonArray("runs").size(), "refused starts create no run");
    }

    @Test
    void runVariablesTheContainerCannotTakeAreRefusedWithoutEchoingTheValue() {
        gofer.deploy(pipeline("env-check", task("a", "true")));
        String secretish = "s3cret-value";
        assertBadRequest(startRun("env-check", new JsonObject().put("TOKEN", secretish + "\0tail")),
                "variables.TOKEN", "NUL", "any text except NUL");
        assertBadRequest(startRun("env-check", new JsonObject().put("PATH", "")), "variables.PATH", "must not be empty", "leave PATH out");
        assertBadRequest(startRun("env-check", new JsonObject().put("A=B", "x")), "'A=B' is not a valid variable name",
                "letters, digits and '_'");
        GoferTestServer.Response nulName = startRun("env-check", new JsonObject().put("A\0B", "x"));
        assertBadRequest(nulName, "'A\\u0000B' is not a valid variable name");
        assertBadRequest(startRun("env-check", new JsonObject().put("", "x")), "'' is not a valid variable name");
        assertBadRequest(startRun("env-check", new JsonObject().put("9LIVES", "x")), "'9LIVES'");
        GoferTestServer.Response withSecret = startRun("env-check", new JsonObject().put("TOKEN", secretish + "\0"));
        assertFalse(withSecret.body().contains(secretish), "the value must not be echoed: " + withSecret.body());
        assertEquals(0, gofer.get(BASE + "/env-check/runs").json().getJsonArray("runs").size(), "refused starts create no run");
        GoferTestServer.Response ok = startRun("env-check", new JsonObject().put("PATH", "/bin").put("_ok_1", "any text"));
        assertEquals(201, ok.status(), "valid names and a non-empty PATH still start: " + ok.body());
        gofer.awaitRun("env-check", ok.json().getJsonObject("run").getLong("run_id"), java.time.Duration.ofSeconds(60));
    }

    private static GoferTestServer.Response startRun(String pipeline, JsonObject variables) {
        return gofer.post(BASE + "/" + pipeline + "/runs", new JsonObject().put("variables", variables).encode());
    }

    @Test
    void tokenExpiryIsBoundedAndWhole() {
        int before = gofer.get("/api/tokens").json().getJsonArray("tokens").size();
        for (String expires : new String[] {"1e18", "9223372036854775807", "1e30", "9223372036854775", "9223372036854775808",
                "315360001", "-1", "1.5", "\"30\"", "true", "null"}) {
            GoferTestServer.Response res = gofer.post("/api/tokens", "{\"user\": \"probe\", \"roles\": [\"user\"], \"expires\": " + expires + "}");
            assertBadRequest(res, "expires", "whole number of seconds from 0 to 315360000");
        }
        assertEquals(before, gofer.get("/api/tokens").json().getJsonArray("tokens").size(), "refused requests create no token");

        GoferTestServer.Response longest = gofer.post("/api/tokens", "{\"user\": \"probe\", \"roles\": [\"user\"], \"expires\": 315360000}");
        assertEquals(201, longest.status(), longest.body());
        JsonObject details = longest.json().getJsonObject("token_details");
        assertEquals(315360000L * 1000, details.getLong("expires") - details.getLong("created"));
        GoferTestServer.Response whole = gofer.post("/api/tokens", "{\"user\": \"probe\", \"roles\": [\"user\"], \"expires\": 6e1}");
        assertEquals(201, whole.status(), "a whole number written with an exponent is still whole: " + whole.body());
    }

    @Test
    void secretKeysThatAUrlPathCannotCarryAreRefused() {
        gofer.deploy(pipeline("sec-keys", task("a", "true")));
        String pipelineSecrets = BASE + "/sec-keys/secrets";
        for (String key : new String[] {"..", ".", "a/b", "a b", "", "x".repeat(129)}) {
            JsonObject body = new JsonObject().put("key", key).put("content", "hunter2").put("force", true);
            assertBadRequest(gofer.post(pipelineSecrets, body.encode()), "key", "not a valid secret key",
                    "letters, digits, '.', '_' or '-'", "not '.' or '..'");
            assertBadRequest(gofer.post("/api/secrets/global", body.copy().put("namespaces", new JsonArray().add("default")).encode()),
                    "key", "not a valid secret key");
        }
        assertEquals(0, gofer.get(pipelineSecrets).json().getJsonArray("secrets").size(), "refused keys store nothing");
        assertTrue(gofer.get("/api/secrets/global").json().getJsonArray("secrets").stream()
                .noneMatch(s -> ((JsonObject) s).getString("key").startsWith(".")), "refused keys store nothing");

        // keys with dots that are not "." or ".." still round-trip: created, read, deleted
        for (String key : new String[] {"..a", "a..", ".env", "v1.2_x-y"}) {
            assertEquals(201, gofer.post(pipelineSecrets, new JsonObject().put("key", key).put("content", "c").put("force", true).encode()).status(), key);
            assertEquals(200, gofer.get(pipelineSecrets + "/" + key).status(), key);
            assertEquals(204, gofer.delete(pipelineSecrets + "/" + key).status(), key);
        }
    }

    @Test
    void registeringConfigsWhileTheNamespaceIsDeletedIsNeverAServerError() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.Set<Integer> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 40; i++) {
                String ns = "race-" + i;
                assertEquals(201, gofer.post("/api/namespaces", new JsonObject().put("id", ns).encode()).status());
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.Future<java.util.List<GoferTestServer.Response>> registering = pool.submit(() -> {
                    java.util.List<GoferTestServer.Response> out = new java.util.ArrayList<>();
                    go.await();
                    for (int p = 0; p < 6; p++) {
                        String id = "pipe-" + p;
                        out.add(gofer.post(GoferTestServer.pipelines(ns) + "/" + id + "/configs",
                                new JsonObject().put("config", pipeline(id, task("a", "true"))).encode()));
                    }
                    return out;
                });
                java.util.concurrent.Future<GoferTestServer.Response> deleting = pool.submit(() -> {
                    go.await();
                    return gofer.delete("/api/namespaces/" + ns);
                });
                go.countDown();
                assertEquals(204, deleting.get(60, java.util.concurrent.TimeUnit.SECONDS).status());
                for (GoferTestServer.Response res : registering.get(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    seen.add(res.status());
                    assertTrue(res.status() == 201 || res.status() == 404, "registering during the delete: " + res.body());
                    if (res.status() == 404) {
                        assertTrue(res.json().getString("message").contains("namespace '" + ns + "'"), res.body());
                    }
                }
                assertEquals(404, gofer.get(GoferTestServer.pipelines(ns)).status(), "the namespace stays deleted");
            }
            assertTrue(seen.contains(404), "the race was never hit (only " + seen + "): the test proves nothing");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badQueryParametersAreNamed() {
        gofer.deploy(pipeline("paging", task("a", "true")));
        assertBadRequest(gofer.get(BASE + "/paging/runs?limit=lots"), "limit");
        assertBadRequest(gofer.get(BASE + "/paging/runs/abc"), "run_id");
    }
}
