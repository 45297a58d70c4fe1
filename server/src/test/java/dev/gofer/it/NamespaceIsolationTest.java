package dev.gofer.it;

import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two teams on one Gofer: a token for namespace team-a gets 403 for everything in team-b (pipelines, configs, runs,
 * task executions, logs, starting runs, pipeline and run objects, pipeline secrets), sees only team-a in listings and
 * only team-a's events, and changes nothing in team-b; global secrets are for admins only. Deleting a namespace stops
 * its runs and removes what it holds.
 */
class NamespaceIsolationTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @Test
    void aNamespaceTokenSeesNothingOfAnotherNamespaceAndDeletingANamespaceStopsAndRemovesItsRuns() throws Exception {
        GoferTestServer.requireDocker();
        try (GoferTestServer root = GoferTestServer.start()) {
            for (String ns : List.of("team-a", "team-b")) {
                GoferTestServer.Response created = root.post("/api/namespaces",
                        "{\"id\": \"" + ns + "\", \"name\": \"Team\", \"description\": \"isolation test\"}");
                assertEquals(201, created.status(), created.body());
                root.deploy(ns, pipeline("iso", task("t", "echo secret-of-" + ns)));
                long run = root.startRun(ns, "iso", Map.of());
                awaitComplete(root, ns, run);
            }
            assertEquals(409, root.post("/api/namespaces", "{\"id\": \"team-a\", \"name\": \"x\", \"description\": \"\"}").status());
            assertEquals(400, root.post("/api/namespaces", "{\"id\": \"Team A\", \"name\": \"x\", \"description\": \"\"}").status());

            Tokens.Issued a = Tokens.withRole(root, "team-a-all", Tokens.permission("read,write,delete",
                    "namespaces:^team-a$", "pipelines:.*", "configs", "deployments", "runs", "task_executions", "events",
                    "objects", "secrets"));
            GoferTestServer teamA = root.as(a.secret());

            List<String> paths = List.of("/api/namespaces/%s", "/api/namespaces/%s/pipelines", "/api/namespaces/%s/pipelines/iso",
                    "/api/namespaces/%s/pipelines/iso/configs", "/api/namespaces/%s/pipelines/iso/configs/1",
                    "/api/namespaces/%s/pipelines/iso/runs", "/api/namespaces/%s/pipelines/iso/runs/1",
                    "/api/namespaces/%s/pipelines/iso/runs/1/tasks", "/api/namespaces/%s/pipelines/iso/runs/1/tasks/t",
                    "/api/namespaces/%s/pipelines/iso/runs/1/tasks/t/logs");
            for (String p : paths) {
                assertEquals(200, teamA.get(String.format(p, "team-a")).status(), "own namespace: " + p);
                GoferTestServer.Response other = teamA.get(String.format(p, "team-b"));
                assertEquals(403, other.status(), "other namespace: " + p + " " + other.body());
                assertFalse(other.body().contains("secret-of-team-b"));
            }
            assertTrue(teamA.get("/api/namespaces/team-a/pipelines/iso/runs/1/tasks/t/logs").body().contains("secret-of-team-a"));
            objectsAndSecretsStayInTheirNamespace(root, teamA);
            assertEquals(403, teamA.post("/api/namespaces/team-b/pipelines/iso/runs", "{}").status(), "cannot start runs there");
            assertEquals(403, teamA.delete("/api/namespaces/team-b/pipelines/iso/runs/1").status());
            assertEquals(403, teamA.patch("/api/namespaces/team-b/pipelines/iso", "{\"state\": \"disabled\"}").status());
            assertEquals(403, teamA.post("/api/namespaces", "{\"id\": \"team-c\", \"name\": \"x\", \"description\": \"\"}").status(),
                    "cannot create namespaces outside its pattern");

            List<String> visible = teamA.get("/api/namespaces").json().getJsonArray("namespaces").stream()
                    .map(n -> ((JsonObject) n).getString("id")).toList();
            assertEquals(List.of("team-a"), visible, "listing shows only what the token may read");

            List<JsonObject> events = EventStreamTest.finite(teamA, "?history=true&follow=false");
            assertFalse(events.isEmpty());
            for (JsonObject e : events) {
                assertEquals("team-a", EventStream.details(e).getString("namespace_id"), "only team-a's events: " + e);
            }
            assertTrue(events.stream().anyMatch(e -> EventStream.kind(e).equals("completed_run")));
            List<JsonObject> everything = EventStreamTest.finite(root, "?history=true&follow=false");
            assertTrue(everything.stream().anyMatch(e -> "team-b".equals(EventStream.details(e).getString("namespace_id"))),
                    "the admin sees team-b's events");

            // deleting team-b while a run is in progress stops the run's container and removes everything in team-b
            root.deploy("team-b", pipeline("long", task("sleeper", "sleep 120")));
            long running = root.startRun("team-b", "long", Map.of());
            Instant end = Instant.now().plus(DEADLINE);
            while (!"running".equals(root.get("/api/namespaces/team-b/pipelines/long/runs/" + running + "/tasks/sleeper")
                    .json().getJsonObject("task_execution").getString("state")) && Instant.now().isBefore(end)) {
                Thread.sleep(50); // poll interval; the deadline bounds the wait
            }
            assertEquals(1, root.containersLabelled("gofer.namespace=team-b"), "the long task runs");
            assertEquals(403, teamA.delete("/api/namespaces/team-b").status());
            assertEquals(403, teamA.delete("/api/namespaces/team-a").status(), "not even its own: only admins delete namespaces");
            assertEquals(204, root.delete("/api/namespaces/team-b").status());
            assertEquals(404, root.get("/api/namespaces/team-b").status());
            assertEquals(404, root.get("/api/namespaces/team-b/pipelines/iso/runs/1").status());
            assertFalse(Files.exists(root.dataDir.resolve("logs").resolve("team-b")), "its logs are removed");
            end = Instant.now().plus(DEADLINE);
            while (root.containersLabelled("gofer.namespace=team-b") > 0 && Instant.now().isBefore(end)) {
                Thread.sleep(50); // poll interval; the deadline bounds the wait
            }
            assertEquals(0, root.containersLabelled("gofer.namespace=team-b"), "its running container was stopped and removed");
            assertTrue(EventStreamTest.finite(root, "?history=true&follow=false").stream()
                    .anyMatch(e -> EventStream.kind(e).equals("deleted_namespace")
                            && "team-b".equals(EventStream.details(e).getString("namespace_id"))));
            assertEquals(400, root.delete("/api/namespaces/default").status(), "the default namespace stays");

            GoferTestServer.Response renamed = root.patch("/api/namespaces/team-a", "{\"name\": \"Team A\"}");
            assertEquals(200, renamed.status(), renamed.body());
            assertEquals("Team A", renamed.json().getJsonObject("namespace").getString("name"));
            assertEquals("isolation test", renamed.json().getJsonObject("namespace").getString("description"));
        }
    }

    /**
     * The token may do everything with team-a's objects and secrets and nothing with team-b's: every route of
     * pipeline objects, run objects and pipeline secrets answers 403 there, and team-b's contents stay as they were.
     */
    private static void objectsAndSecretsStayInTheirNamespace(GoferTestServer root, GoferTestServer teamA) {
        for (String ns : List.of("team-a", "team-b")) {
            String p = GoferTestServer.pipelines(ns) + "/iso";
            assertEquals(201, root.postBytes(p + "/objects/obj", ("object-of-" + ns).getBytes()).status());
            assertEquals(201, root.postBytes(p + "/runs/1/objects/robj", ("run-object-of-" + ns).getBytes()).status());
            assertEquals(201, root.post(p + "/secrets", new JsonObject().put("key", "S").put("content", "secret-value-of-" + ns).encode()).status());
        }
        String own = GoferTestServer.pipelines("team-a") + "/iso";
        String other = GoferTestServer.pipelines("team-b") + "/iso";
        // the same requests: allowed in its own namespace, 403 in the other
        for (String[] req : new String[][]{
                {"GET", "/objects"}, {"GET", "/objects/obj"}, {"POST", "/objects/obj?force=true"}, {"POST", "/objects/new"},
                {"GET", "/runs/1/objects"}, {"GET", "/runs/1/objects/robj"}, {"POST", "/runs/1/objects/robj?force=true"},
                {"POST", "/runs/1/objects/new"},
                {"GET", "/secrets"}, {"GET", "/secrets/S"}, {"GET", "/secrets/S?include_secret=true"}, {"POST", "/secrets"},
                {"DELETE", "/objects/new"}, {"DELETE", "/runs/1/objects/new"}, {"DELETE", "/secrets/S2"}}) {
            String body = req[1].equals("/secrets") ? new JsonObject().put("key", "S2").put("content", "written").encode() : null;
            GoferTestServer.Response mine = req[0].equals("POST") && body == null
                    ? teamA.postBytes(own + req[1], "written".getBytes()) : teamA.send(req[0], own + req[1], body);
            assertTrue(mine.status() / 100 == 2, "own namespace: " + req[0] + " " + req[1] + " " + mine);
            GoferTestServer.Response theirs = req[0].equals("POST") && body == null
                    ? teamA.postBytes(other + req[1], "written".getBytes()) : teamA.send(req[0], other + req[1], body);
            assertEquals(403, theirs.status(), "other namespace: " + req[0] + " " + req[1] + " " + theirs.body());
            assertFalse(theirs.body().contains("of-team-b"), theirs.body());
        }
        // global secrets are admin-only (RouteTable): a namespace token reaches none of them, the admin does
        assertEquals(201, root.post("/api/secrets/global", new JsonObject().put("key", "G").put("content", "global-value")
                .put("namespaces", new io.vertx.core.json.JsonArray().add("team-a")).encode()).status());
        assertEquals(403, teamA.get("/api/secrets/global").status());
        assertEquals(403, teamA.get("/api/secrets/global/G").status());
        assertEquals(403, teamA.post("/api/secrets/global", new JsonObject().put("key", "G").put("content", "x").put("force", true).encode()).status());
        assertEquals(403, teamA.delete("/api/secrets/global/G").status());
        assertEquals("global-value", root.get("/api/secrets/global/G?include_secret=true").json().getString("secret"));
        // nothing in team-b changed
        assertEquals("object-of-team-b", root.get(other + "/objects/obj").body());
        assertEquals("run-object-of-team-b", root.get(other + "/runs/1/objects/robj").body());
        assertEquals(404, root.get(other + "/objects/new").status());
        assertEquals(404, root.get(other + "/runs/1/objects/new").status());
        assertEquals("secret-value-of-team-b", root.get(other + "/secrets/S?include_secret=true").json().getString("secret"));
        assertEquals(List.of("S"), root.get(other + "/secrets").json().getJsonArray("secrets").stream()
                .map(o -> ((JsonObject) o).getString("key")).toList());
    }

    private static void awaitComplete(GoferTestServer root, String ns, long run) throws InterruptedException {
        Instant end = Instant.now().plus(DEADLINE);
        String path = GoferTestServer.pipelines(ns) + "/iso/runs/" + run;
        while (Instant.now().isBefore(end)) {
            if ("complete".equals(root.get(path).json().getJsonObject("run").getString("state"))) {
                return;
            }
            Thread.sleep(50); // poll interval; the deadline bounds the wait
        }
        throw new AssertionError("run " + run + " in " + ns + " did not complete");
    }
}
