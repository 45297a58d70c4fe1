package dev.gofer.it;

import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.auth.RouteTable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, F1: a public route (the webhook route {@code /api/external/...}) must not lead to any other route by
 * path tricks. Walks every route of {@link RouteTable} through every traversal spelling, without a token, and
 * asserts each answer is 400/401/404 and that nothing changed; then that every change's event names its actor.
 */
class PathTraversalTest {
    /** Ways to climb out of {@code /api/external/x/}; each is followed by the target path without {@code /api/}. */
    private static final List<String> CLIMBS = List.of(
            "/api/external/x/../../",
            "/api/external/x/%2e%2e/%2e%2e/",
            "/api/external/x/%2E%2E/.%2e/",
            "/api/external/x/y/../../../",
            "/api/external/x/%252e%252e/%252e%252e/",
            "/api/external/x/..%2f..%2f",
            "/api/external/x/..\\..\\",
            "/api/external/x/..;/..;/",
            "/api/external/x/.%2E/%2e./",
            "/api/external/x//../../",
            "/api/./",
            "/api/external/../");
    /** One body that would be valid for the dangerous writes (a global secret, a role, a config, an extension). */
    private static final String BODY = new JsonObject().put("key", "G1").put("content", "pwned")
            .put("namespaces", new JsonArray().add(".*")).put("force", true)
            .put("id", "pwned").put("description", "").put("image", "busybox:latest")
            .put("permissions", new JsonArray().add(new JsonObject().put("resources", new JsonArray().add("all"))
                    .put("actions", new JsonArray().add("read").add("write").add("delete"))))
            .put("tasks", new JsonArray().add(new JsonObject().put("id", "t").put("image", "busybox:latest")
                    .put("script", "echo injected"))).encode();

    @Test
    void noSpellingOfATraversalReachesAnotherRouteWithoutAToken() {
        GoferTestServer.requireDocker();
        try (GoferTestServer root = GoferTestServer.start()) {
            root.deploy(pipeline("ppp", task("t", "echo hello")));
            Map<String, String> before = snapshot(root);
            List<String> wrong = new ArrayList<>();
            int sent = 0;
            for (RouteTable.Rule rule : RouteTable.RULES) {
                String target = rule.path().replace(":namespace_id", "default").replace(":pipeline_id", "ppp")
                        .replace(":run_id", "1").replace(":task_id", "t").replace(":version", "1")
                        .replaceAll(":[a-z_]+", "x").replace("*", "y").substring("/api/".length());
                for (String climb : CLIMBS) {
                    RawHttp.Answer a = RawHttp.send(root.port(), rule.method(), climb + target,
                            Map.of("Content-Type", "application/json", "Connection", "close"), BODY);
                    sent++;
                    if (!Set.of(400, 401, 404).contains(a.status())) {
                        wrong.add(a.status() + " " + rule.method() + " " + climb + target);
                    }
                }
            }
            assertTrue(sent > 500, "walked " + sent);
            assertEquals(List.of(), wrong, "requests that were not refused (400/401/404)");
            assertEquals(before, snapshot(root), "nothing changed in the store");
        }
    }

    @Test
    void aDotSegmentIsRefusedBeforeAnyHandlerEvenWithAValidToken() {
        GoferTestServer.requireDocker();
        try (GoferTestServer root = GoferTestServer.start()) {
            // with the admin token a normalised path would reach /api/roles: it must not be answered as if it did
            RawHttp.Answer a = RawHttp.send(root.port(), "GET", "/api/namespaces/../roles",
                    Map.of("Authorization", "Bearer " + root.rootToken, "Connection", "close"), null);
            assertEquals(400, a.status(), a.head() + a.body());
            assertTrue(a.body().contains("dot segment"), a.body());
            assertEquals(200, RawHttp.send(root.port(), "GET", "/api/roles",
                    Map.of("Authorization", "Bearer " + root.rootToken, "Connection", "close"), null).status());
        }
    }

    @Test
    void everyEventOfAChangeNamesWhoMadeIt() {
        GoferTestServer.requireDocker();
        try (GoferTestServer root = GoferTestServer.start()) {
            String rootId = root.get("/api/tokens/whoami").json().getJsonObject("token").getString("id");
            assertEquals(201, root.post("/api/roles", new JsonObject().put("id", "auditors").put("description", "")
                    .put("permissions", new JsonArray().add(Tokens.permission("read", "runs"))).encode()).status());
            JsonObject created = events(root).stream().map(e -> (JsonObject) e)
                    .filter(e -> e.getJsonObject("kind").containsKey("created_role")).findFirst().orElse(null);
            assertNotNull(created, "a created_role event");
            assertEquals(rootId, created.getJsonObject("actor").getString("token_id"), created.encode());
            // a change Gofer makes on its own (a run finishing) names Gofer
            root.deploy(pipeline("qqq", task("t", "true")));
            long run = root.startRun("qqq", Map.of());
            root.awaitRun("qqq", run, java.time.Duration.ofSeconds(90));
            JsonObject started = find(root, "queued_run");
            assertEquals(rootId, started.getJsonObject("actor").getString("token_id"), started.encode());
            JsonObject completed = find(root, "completed_run");
            assertEquals("gofer", completed.getJsonObject("actor").getString("user"), completed.encode());
        }
    }

    private static JsonObject find(GoferTestServer root, String kind) {
        return events(root).stream().map(e -> (JsonObject) e).filter(e -> e.getJsonObject("kind").containsKey(kind))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " event"));
    }

    private static JsonArray events(GoferTestServer root) {
        GoferTestServer.Response r = root.get("/api/events?history=true&follow=false");
        assertEquals(200, r.status(), r.body());
        JsonArray out = new JsonArray();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("data: ")) {
                out.add(new JsonObject(line.substring(6)));
            }
        }
        return out;
    }

    /** What an injected write would change, read with the admin token. */
    private static Map<String, String> snapshot(GoferTestServer root) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String path : List.of("/api/secrets/global", "/api/roles", "/api/tokens", "/api/namespaces", "/api/extensions",
                "/api/namespaces/default/pipelines", "/api/namespaces/default/pipelines/ppp/configs",
                "/api/namespaces/default/pipelines/ppp/secrets", "/api/namespaces/default/pipelines/ppp/runs",
                "/api/namespaces/default/pipelines/ppp/objects")) {
            GoferTestServer.Response r = root.get(path);
            out.put(path, r.status() + " " + r.body().replaceAll("\"(modified|last_used)\":\\d+", ""));
        }
        out.put("events", Integer.toString(events(root).size()));
        return out;
    }
}
