package dev.gofer.it;

import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gofer.auth.Action;
import dev.gofer.auth.Permission;
import dev.gofer.auth.RouteTable;
import dev.gofer.auth.RouteTable.Access;
import dev.gofer.auth.RouteTable.Rule;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Walks every route of the live router. Each must be declared in {@link RouteTable} (a new route fails here until
 * it is); then, for each: no token → 401; a token whose roles miss the needed action or resource → 403; a token
 * whose one role is exactly the declared permission → success. Runs a real container (the walk's run).
 */
class RoutePermissionsTest {
    private static final String NS = "default";
    private static final String PIPE = "walk";
    private static final String GONE = "walk-gone";

    @Test
    void everyRouteDeclaresItsPermissionAndEnforcesIt() {
        GoferTestServer.requireDocker();
        try (GoferTestServer root = GoferTestServer.start()) {
            List<String> routes = root.apiRoutes().stream().filter(r -> r.contains(" /api/")).distinct().toList();
            assertTrue(routes.size() >= 30, "the router lists its routes: " + routes);
            List<String> undeclared = routes.stream().filter(r -> RouteTable.declared(r.split(" ")[0], r.split(" ")[1]).isEmpty()).toList();
            assertEquals(List.of(), undeclared, "every API route must declare its permission in RouteTable");
            List<String> stale = RouteTable.RULES.stream().map(r -> r.method() + " " + r.path())
                    .filter(r -> !routes.contains(r) && !routes.contains(r.replaceFirst("\\*$", ""))).toList();
            assertEquals(List.of(), stale, "RouteTable declares routes the router does not have");
            // the router tries routes in mount order: a path meant for a route must not match an earlier one first
            assertEquals(List.of(), shadowed(routes), "routes reached first by a path meant for a later route");

            // fixtures: a pipeline whose run keeps running (so it can be cancelled at the end), a spare role, an event
            root.deploy(pipeline(PIPE, task("t", "echo walking; sleep 600")));
            long run = root.startRun(PIPE, Map.of());
            root.awaitTask(PIPE, run, "t", t -> t.getString("state").equals("running"), java.time.Duration.ofSeconds(90));
            Tokens.withRole(root, "walk-spare", Tokens.permission("read", "runs"));
            assertEquals(201, root.post("/api/roles", new JsonObject().put("id", "walk-unused").put("description", "")
                    .put("permissions", new JsonArray().add(Tokens.permission("read", "runs"))).encode()).status());
            String eventId = firstEvent(root, "created_pipeline");
            // a pipeline without runs, to be deleted (the walk's own keeps running until the end)
            root.deploy(pipeline(GONE, task("t", "true")));
            // a finished run, whose task's log may be deleted
            long finished = root.startRun(PIPE, Map.of());
            root.awaitTask(PIPE, finished, "t", t -> t.getString("state").equals("running"), java.time.Duration.ofSeconds(90));
            assertEquals(204, root.delete(GoferTestServer.pipelines(NS) + "/" + PIPE + "/runs/" + finished).status());
            root.awaitRun(PIPE, finished, java.time.Duration.ofSeconds(90));

            // a run whose one task the walk cancels (DELETE .../tasks/{task}) while it runs
            long cancelTarget = root.startRun(PIPE, Map.of());
            root.awaitTask(PIPE, cancelTarget, "t", t -> t.getString("state").equals("running"), java.time.Duration.ofSeconds(90));

            Map<String, String> query = Map.of("GET /api/events", "?history=true&follow=false");
            // each mutation gets a body and a target that the success call may use up
            Map<String, Function<String, String>> bodies = new HashMap<>();
            bodies.put("POST /api/tokens", role -> new JsonObject().put("user", "walker").put("roles", new JsonArray().add(role)).encode());
            bodies.put("PATCH /api/tokens/:id", role -> "{\"disabled\": true}");
            bodies.put("POST /api/roles", role -> new JsonObject().put("id", "walk-new").put("description", "")
                    .put("permissions", new JsonArray().add(Tokens.permission("read", "runs"))).encode());
            bodies.put("PATCH /api/roles/:role_id", role -> "{\"description\": \"walked\"}");
            bodies.put("POST /api/namespaces", role -> "{\"id\": \"walk-ns\", \"name\": \"Walk\", \"description\": \"\"}");
            bodies.put("PATCH /api/namespaces/:namespace_id", role -> "{\"description\": \"walked\"}");
            bodies.put("PATCH /api/namespaces/:namespace_id/pipelines/:pipeline_id", role -> "{\"state\": \"active\"}");
            bodies.put("POST /api/namespaces/:namespace_id/pipelines/:pipeline_id/configs",
                    role -> new JsonObject().put("config", pipeline(PIPE, task("t", "echo walking; sleep 600"))).encode());
            bodies.put("POST /api/namespaces/:namespace_id/pipelines/:pipeline_id/runs", role -> "{}");
            bodies.put("PATCH /api/system", role -> "{\"ignore_pipeline_run_events\": false}");

            // reads first, then writes, then deletes (which use up what the writes made)
            List<Rule> rules = new ArrayList<>();
            for (String r : routes) {
                rules.add(RouteTable.declared(r.split(" ")[0], r.split(" ")[1]).orElseThrow());
            }
            rules.sort(Comparator.comparingInt((Rule r) -> switch (r.method()) {
                case "GET" -> 0;
                case "POST", "PATCH" -> 1;
                default -> 2;
            }).thenComparing(r -> r.path().contains("/runs/") ? 0 : 1)); // cancel the run before its namespace-level deletes
            int n = 0;
            List<String> failures = new ArrayList<>();
            for (Rule rule : rules) {
                String key = rule.method() + " " + rule.path();
                Access access = rule.need().access();
                String name = "walk-" + (n++);
                String roleId = name;
                String secret;
                if (access == Access.PERMISSION) {
                    secret = Tokens.withRole(root, roleId, exactly(rule)).secret();
                } else {
                    secret = root.rootToken;
                    roleId = "admin";
                }
                String path = concrete(root, rule, roleId, rule.path().endsWith("/tasks/:task_id") ? cancelTarget : run, finished, eventId) + query.getOrDefault(key, "");
                String body = bodies.containsKey(key) ? bodies.get(key).apply(roleId) : null;

                if (access == Access.PUBLIC) {
                    int status = root.as(null).send(rule.method(), path, body).status();
                    if (rule.path().startsWith("/api/external/") || rule.path().startsWith("/api/log-downloads/")) {
                        // webhooks and download links carry no token: the call reaches the handler (unknown
                        // extension or link: 404), never 401
                        expect(failures, key + " without a token", status, 404);
                    } else {
                        expect(failures, key + " without a token", status, rule.path().endsWith("bootstrap") ? 409 : 200);
                    }
                    continue;
                }
                expect(failures, key + " without a token", root.as(null).send(rule.method(), path, body).status(), 401);
                expect(failures, key + " with a wrong token", root.as("not-a-real-token").send(rule.method(), path, body).status(), 401);
                if (access == Access.PERMISSION) {
                    String otherActions = Tokens.withRole(root, name + "-actions",
                            Tokens.permission(others(rule.need().action()), "all")).secret();
                    expect(failures, key + " with every resource but not '" + rule.need().action().wire() + "'",
                            root.as(otherActions).send(rule.method(), path, body).status(), 403);
                    String otherResources = Tokens.withRole(root, name + "-resources", otherResources(rule)).secret();
                    expect(failures, key + " with '" + rule.need().action().wire() + "' on other resources only",
                            root.as(otherResources).send(rule.method(), path, body).status(), 403);
                } else if (access == Access.ADMIN) {
                    String everything = Tokens.withRole(root, name + "-nonadmin", Tokens.permission("read,write,delete", "all")).secret();
                    expect(failures, key + " with all permissions but not the admin role",
                            root.as(everything).send(rule.method(), path, body).status(), 403);
                }
                GoferTestServer.Response ok = root.as(secret).send(rule.method(), path, body);
                if (withoutFixture(rule)) {
                    // no extension is installed in this walk (that needs an image build; the extension tests do it):
                    // the exact permission must get past the access check to the handler, which answers 400/404
                    if (ok.status() == 401 || ok.status() == 403 || ok.status() >= 500) {
                        failures.add(key + " with exactly its declared permission: expected the handler's answer, got " + ok);
                    }
                } else if (ok.status() / 100 != 2) {
                    failures.add(key + " with exactly its declared permission: expected 2xx, got " + ok);
                }
            }
            // the walk's POST .../runs started another run: cancel it so no container outlives the test
            for (Object o : root.get(GoferTestServer.pipelines(NS) + "/" + PIPE + "/runs").json().getJsonArray("runs")) {
                long id = ((JsonObject) o).getLong("run_id");
                if (!"complete".equals(((JsonObject) o).getString("state"))) {
                    root.delete(GoferTestServer.pipelines(NS) + "/" + PIPE + "/runs/" + id);
                }
                root.awaitRun(PIPE, id, java.time.Duration.ofSeconds(90));
            }
            root.awaitNoContainers("gofer.pipeline=" + PIPE); // the walk's containers are gone
            if (!failures.isEmpty()) {
                fail(String.join("\n", failures));
            }
        }
    }

    private static boolean withoutFixture(Rule rule) {
        // objects and secrets: keys the walk did not create (their own tests cover the successful paths); a retry of
        // the walk's run, which still runs, is a 409 (RetryRunTest covers retries that succeed); attach is a WebSocket,
        // which the walk's plain GET is told to upgrade to (400; TaskControlTest attaches)
        return rule.path().endsWith("/attach") || rule.path().contains(":extension_id") || rule.path().endsWith("/subscriptions")
                || rule.path().contains("/objects") || rule.path().contains("/secrets") || rule.path().endsWith("/retry")
                || rule.path().equals("/api/extensions") && rule.method().equals("POST");
    }

    private static void expect(List<String> failures, String what, int status, int expected) {
        if (status != expected) {
            failures.add(what + ": expected " + expected + ", got " + status);
        }
    }

    /** The rule's declared permission, as one role: targets pinned to the fixtures (or any, for listing routes). */
    private static JsonObject[] exactly(Rule rule) {
        List<String> resources = new ArrayList<>();
        for (RouteTable.Resource r : rule.need().resources()) {
            if (!Permission.TARGETED.contains(r.resource())) {
                resources.add(r.resource());
            } else if (r.pathParam() == null) {
                resources.add(r.resource() + ":.*");
            } else {
                resources.add(r.resource() + ":^" + (r.resource().equals("pipelines") ? pipelineOf(rule)
                        : r.resource().equals("extensions") ? "walk-ext"
                        : rule.method().equals("DELETE") && rule.path().equals("/api/namespaces/:namespace_id") ? "walk-ns" : NS) + "$");
            }
        }
        List<JsonObject> perms = new ArrayList<>();
        perms.add(Tokens.permission(rule.need().action().wire(), resources.toArray(String[]::new)));
        if (rule.path().equals("/api/events/:event_id")) {
            // a single event is also filtered by what it is about (here: the walk pipeline)
            perms.add(Tokens.permission("read", "namespaces:^" + NS + "$", "pipelines:^" + PIPE + "$"));
        }
        return perms.toArray(JsonObject[]::new);
    }

    private static String pipelineOf(Rule rule) {
        return rule.method().equals("DELETE") && rule.path().equals("/api/namespaces/:namespace_id/pipelines/:pipeline_id") ? GONE : PIPE;
    }

    /** Every resource with the needed action except the ones the rule declares. */
    private static JsonObject otherResources(Rule rule) {
        List<String> declared = rule.need().resources().stream().map(RouteTable.Resource::resource).toList();
        List<String> others = Permission.RESOURCES.stream().filter(r -> !r.equals("all") && !declared.contains(r)).toList();
        return Tokens.permission(rule.need().action().wire(), others.toArray(String[]::new));
    }

    private static String others(Action action) {
        List<String> out = new ArrayList<>();
        for (Action a : Action.values()) {
            if (a != action) {
                out.add(a.wire());
            }
        }
        return String.join(",", out);
    }

    private static String concrete(GoferTestServer root, Rule rule, String roleId, long run, long finished, String eventId) {
        String path = rule.path();
        boolean delete = rule.method().equals("DELETE");
        // deleting a log needs a finished task; deleting a config version one that is not live (the walk registered 2)
        long runId = delete && path.endsWith("/logs") ? finished : run;
        String version = delete && path.endsWith("/configs/:version") ? "2" : "1";
        if (path.contains(":id")) {
            // a token the success call may change or delete: it holds only the caller's own role
            String id = roleId.equals("admin") ? Tokens.token(root, "walk-spare", 0).tokenId() : Tokens.token(root, roleId, 0).tokenId();
            path = path.replace(":id", id);
        }
        boolean deleteNamespace = rule.method().equals("DELETE") && path.equals("/api/namespaces/:namespace_id");
        return path.replace(":namespace_id", deleteNamespace ? "walk-ns" : NS).replace(":pipeline_id", pipelineOf(rule))
                .replace(":run_id", Long.toString(runId)).replace(":task_id", "t").replace(":version", version)
                .replace(":deployment_id", "1")
                .replace(":role_id", "walk-unused").replace(":event_id", eventId)
                .replace(":key", "walk-key").replace(":extension_id", "walk-ext").replace(":subscription_id", "walk-sub").replace("/*", "/hook");
    }

    @Test
    void aRouteMountedBeforeOneItWouldCatchIsFound() {
        assertEquals(List.of("GET /api/tokens/:id before GET /api/tokens/whoami"),
                shadowed(List.of("GET /api/tokens/:id", "GET /api/tokens/whoami", "POST /api/tokens/whoami")));
        assertEquals(List.of("POST /api/external/:extension_id/* before POST /api/external/:extension_id"),
                shadowed(List.of("POST /api/external/:extension_id/*", "POST /api/external/:extension_id")));
        assertEquals(List.of(), shadowed(List.of("GET /api/tokens/whoami", "GET /api/tokens/:id",
                "GET /api/namespaces/:namespace_id/pipelines/:pipeline_id/runs/:run_id",
                "GET /api/namespaces/:namespace_id/pipelines/:pipeline_id/configs/:version",
                "POST /api/external/:extension_id", "POST /api/external/:extension_id/*")));
    }

    /**
     * {@code "METHOD /template"} pairs, in the router's order, where a path made from the later template (each
     * parameter a value, a trailing {@code *} one more segment) matches the earlier one of the same method, as
     * vertx-web matches: a parameter is one non-empty segment, a trailing {@code /*} any rest or none.
     */
    static List<String> shadowed(List<String> routes) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            String[] later = routes.get(i).split(" ");
            String path = later[1].replaceAll(":[a-z_]+", "v1").replaceAll("\\*$", "rest");
            for (int j = 0; j < i; j++) {
                String[] earlier = routes.get(j).split(" ");
                String regex = earlier[1].replaceAll(":[a-z_]+", "[^/]+").replaceAll("/\\*$", "(/.*)?");
                if (earlier[0].equals(later[0]) && path.matches(regex)) {
                    out.add(routes.get(j) + " before " + routes.get(i));
                }
            }
        }
        return out;
    }

    private static String firstEvent(GoferTestServer root, String kind) {
        String body = root.get("/api/events?history=true&follow=false").body();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                JsonObject e = new JsonObject(line.substring(6));
                if (e.getJsonObject("kind").containsKey(kind)) {
                    return e.getString("id");
                }
            }
        }
        throw new AssertionError("no " + kind + " event in " + body);
    }
}
