package dev.gofer.it;

import static dev.gofer.it.Pipelines.dependsOn;
import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every JSON body the server sends, for the routes it implements, matches the response schema the
 * contract (gofer-openapi.json) gives for that path, method and status. The schema is looked up in the
 * contract's "paths" section, not hard-coded, so a route answering with the wrong shape is caught.
 *
 * <p>Known, deliberate differences from the contract: none. (Unknown extra properties are allowed by
 * {@link OpenApiSchema}; everything the contract names is checked, including enums and nullability.)
 */
class ContractConformanceTest {
    private static final OpenApiSchema CONTRACT = OpenApiSchema.load();
    private static final String PIPELINE = "contract";
    private static final String BASE = GoferTestServer.pipelines("default") + "/" + PIPELINE;

    /** Sends requests and validates their bodies, collecting every violation instead of stopping at the first. */
    private static final class Checker {
        private final GoferTestServer gofer;
        private final List<String> violations = new ArrayList<>();
        private final Set<String> schemasChecked = new LinkedHashSet<>();

        Checker(GoferTestServer gofer) {
            this.gofer = gofer;
        }

        GoferTestServer.Response call(String method, String path, String body, int expectedStatus) {
            GoferTestServer.Response res = switch (method) {
                case "GET" -> gofer.get(path);
                case "POST" -> gofer.post(path, body);
                case "PATCH" -> gofer.patch(path, body);
                default -> throw new IllegalArgumentException(method);
            };
            assertEquals(expectedStatus, res.status(), method + " " + path + " answered " + res.status() + ": " + res.body());
            String schema = CONTRACT.responseSchema(method, path, res.status());
            schemasChecked.add(schema);
            for (String v : CONTRACT.validateBody(res.body(), schema)) {
                violations.add(method + " " + path + " -> " + res.status() + " " + schema + ": " + v);
            }
            return res;
        }

        GoferTestServer.Response get(String path, int expectedStatus) {
            return call("GET", path, null, expectedStatus);
        }
    }

    @Test
    void everyResponseBodyMatchesTheContract() {
        GoferTestServer.requireDocker();
        try (GoferTestServer gofer = GoferTestServer.start()) {
            Checker c = new Checker(gofer);

            JsonObject config = pipeline(PIPELINE,
                    task("first", "echo first"),
                    dependsOn(task("second", "echo \"$GREETING\""), "first", "success"));
            config.getJsonArray("tasks").getJsonObject(1).put("description", "greets")
                    .put("variables", new JsonObject().put("FROM_CONFIG", "yes"));

            long version = c.call("POST", BASE + "/configs", new JsonObject().put("config", config).encode(), 201)
                    .json().getJsonObject("pipeline").getJsonObject("config").getLong("version");
            c.call("POST", BASE + "/configs/" + version, "", 201);

            long runId = c.call("POST", BASE + "/runs",
                    new JsonObject().put("variables", new JsonObject().put("GREETING", "hello contract")).encode(), 201)
                    .json().getJsonObject("run").getLong("run_id");
            String run = BASE + "/runs/" + runId;

            // In flight (pending/running, ended 0, no status_reason yet) as well as complete.
            c.get(run, 200);
            c.get(run + "/tasks", 200);

            JsonObject finished = gofer.awaitRun(PIPELINE, runId, Duration.ofSeconds(60));
            assertEquals("successful", finished.getString("status"), finished.encodePrettily());

            JsonObject done = c.get(run, 200).json().getJsonObject("run");
            JsonArray runVars = done.getJsonArray("variables");
            assertTrue(runVars.stream().anyMatch(v -> "GREETING".equals(((JsonObject) v).getString("key"))
                            && "hello contract".equals(((JsonObject) v).getString("value"))),
                    "the run's variables carry the one it was started with: " + runVars);
            c.get(BASE + "/runs", 200);
            c.get(BASE + "/runs?limit=1&offset=0&reverse=true", 200);
            c.get(run + "/tasks", 200);
            c.get(run + "/tasks/first", 200);
            c.get(run + "/tasks/second", 200);
            c.get(GoferTestServer.pipelines("default"), 200);
            c.get(BASE, 200);
            c.get(BASE + "/configs", 200);
            c.get(BASE + "/configs/" + version, 200);
            c.get("/api/namespaces", 200);
            c.get("/api/system/metadata", 200);

            // namespaces, tokens, roles, events
            c.call("POST", "/api/namespaces", "{\"id\": \"contract-ns\", \"name\": \"C\", \"description\": \"\"}", 201);
            c.get("/api/namespaces/contract-ns", 200);
            c.call("PATCH", "/api/namespaces/contract-ns", "{\"description\": \"changed\"}", 200);
            c.call("POST", "/api/roles", "{\"id\": \"contract-role\", \"description\": \"\", \"permissions\": "
                    + "[{\"resources\": [\"runs\", \"namespaces:^default$\"], \"actions\": [\"read\"]}]}", 201);
            c.get("/api/roles", 200);
            c.get("/api/roles/contract-role", 200);
            c.call("PATCH", "/api/roles/contract-role", "{\"description\": \"changed\"}", 200);
            String tokenId = c.call("POST", "/api/tokens", "{\"user\": \"c\", \"roles\": [\"contract-role\"], \"expires\": 60}", 201)
                    .json().getJsonObject("token_details").getString("id");
            c.get("/api/tokens", 200);
            c.get("/api/tokens/" + tokenId, 200);
            c.get("/api/tokens/whoami", 200);
            // a kind the contract has (Gofer's own token/role kinds are documented extensions)
            String eventId = EventStreamTest.finite(gofer, "?history=true&follow=false").stream()
                    .filter(e -> EventStream.kind(e).equals("completed_run")).findFirst().orElseThrow().getString("id");
            c.get("/api/events/" + eventId, 200);
            // Objects and secrets (values never in these bodies).
            c.call("POST", BASE + "/objects/contract.txt", "some bytes", 201);
            c.call("POST", BASE + "/objects/contract.txt", "again", 409);
            c.get(BASE + "/objects", 200);
            c.call("POST", run + "/objects/run.txt", "run bytes", 201);
            c.get(run + "/objects", 200);
            c.call("POST", BASE + "/secrets", "{\"key\":\"K\",\"content\":\"v\",\"force\":false}", 201);
            c.get(BASE + "/secrets", 200);
            c.get(BASE + "/secrets/K", 200);
            c.get(BASE + "/secrets/K?include_secret=true", 200);
            c.call("POST", "/api/secrets/global", "{\"key\":\"G\",\"content\":\"v\",\"force\":false,\"namespaces\":[\".*\"]}", 201);
            c.get("/api/secrets/global", 200);
            c.get("/api/secrets/global/G?include_secret=false", 200);
            c.get(BASE + "/secrets/NOPE", 404);

            // Errors: 404s and 400s all carry the Error body.
            c.get(BASE + "/runs/999999", 404);
            c.get(run + "/tasks/no-such-task", 404);
            c.get(GoferTestServer.pipelines("default") + "/no-such-pipeline", 404);
            c.get(BASE + "/configs/999", 404);
            c.get("/api/namespaces/no-such-namespace/pipelines", 404);
            c.get(BASE + "/runs/not-a-number", 400);
            c.get(BASE + "/runs?limit=lots", 400);
            c.call("POST", BASE + "/configs", "{not json", 400);
            c.call("POST", BASE + "/configs", new JsonObject().put("config",
                    pipeline(PIPELINE, task("Bad Id!", "true"))).encode(), 400);
            c.call("POST", BASE + "/runs", "{\"variables\": {\"X\": 1}}", 400);

            Set<String> expected = Set.of("RegisterPipelineConfigResponse", "DeployPipelineConfigResponse",
                    "StartRunResponse", "GetRunResponse", "ListRunsResponse", "ListTaskExecutionsResponse",
                    "GetTaskExecutionResponse", "ListPipelinesResponse", "GetPipelineResponse",
                    "ListPipelineConfigsResponse", "GetPipelineConfigResponse", "ListNamespacesResponse",
                    "GetSystemMetadataResponse", "Error", "CreateNamespaceResponse", "GetNamespaceResponse",
                    "UpdateNamespaceResponse", "CreateRoleResponse", "ListRolesResponse", "GetRoleResponse", "UpdateRoleResponse",
                    "CreateTokenResponse", "ListTokensResponse", "GetTokenByIDResponse", "WhoAmIResponse", "GetEventResponse",
                    "PutPipelineObjectResponse", "ListPipelineObjectsResponse",
                    "PutRunObjectResponse", "ListRunObjectsResponse", "PutPipelineSecretResponse", "ListPipelineSecretsResponse",
                    "GetPipelineSecretResponse", "PutGlobalSecretResponse", "ListGlobalSecretsResponse", "GetGlobalSecretResponse");
            assertTrue(c.schemasChecked.containsAll(expected), "schemas checked: " + c.schemasChecked);
            assertTrue(c.violations.isEmpty(), c.violations.size() + " contract violation(s):\n  "
                    + String.join("\n  ", c.violations));
        }
    }

    /** Without this the conformance test could pass vacuously: the validator must see real mismatches. */
    @Test
    void validatorCatchesWrongEnumsMissingFieldsWrongTypesAndNulls() {
        JsonObject good = new JsonObject().put("run", validRun());
        assertEquals(List.of(), CONTRACT.validate(good, "GetRunResponse"));
        assertEquals(List.of(), CONTRACT.validate(new JsonObject().put("task_execution", validTaskExecution()), "GetTaskExecutionResponse"));

        JsonObject badReason = good.copy();
        badReason.getJsonObject("run").getJsonObject("status_reason").put("reason", "foo");
        List<String> v = CONTRACT.validate(badReason, "GetRunResponse");
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).startsWith("run.status_reason.reason: 'foo' not in [") && v.get(0).contains("scheduler_error"), v.get(0));

        JsonObject missing = good.copy();
        missing.getJsonObject("run").remove("status");
        assertEquals(List.of("run.status: required property missing"), CONTRACT.validate(missing, "GetRunResponse"));

        JsonObject wrongType = good.copy();
        wrongType.getJsonObject("run").put("run_id", "1");
        assertEquals(List.of("run.run_id: expected integer, got string \"1\""), CONTRACT.validate(wrongType, "GetRunResponse"));

        JsonObject nullEnded = good.copy();
        nullEnded.getJsonObject("run").putNull("ended");
        assertEquals(List.of("run.ended: is null but not nullable"), CONTRACT.validate(nullEnded, "GetRunResponse"));

        JsonObject negative = good.copy();
        negative.getJsonObject("run").put("started", -5);
        assertEquals(List.of("run.started: -5 is below the minimum 0"), CONTRACT.validate(negative, "GetRunResponse"));

        JsonObject exitCode = new JsonObject().put("task_execution", validTaskExecution().put("exit_code", 256));
        assertEquals(List.of("task_execution.exit_code: 256 is out of range for uint8"),
                CONTRACT.validate(exitCode, "GetTaskExecutionResponse"));
        JsonObject fractional = good.copy();
        fractional.getJsonObject("run").put("ended", 1.5);
        assertEquals(List.of("run.ended: expected integer, got number 1.5"), CONTRACT.validate(fractional, "GetRunResponse"));

        JsonObject badVariable = good.copy();
        badVariable.getJsonObject("run").getJsonArray("variables").getJsonObject(0).put("source", "somewhere");
        v = CONTRACT.validate(badVariable, "GetRunResponse");
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).startsWith("run.variables[0].source: 'somewhere' not in ["), v.get(0));

        // nullable fields may be null, and unknown extra properties are allowed
        JsonObject extended = good.copy();
        extended.getJsonObject("run").putNull("status_reason").putNull("token_id").put("something_new", 1);
        assertEquals(List.of(), CONTRACT.validate(extended, "GetRunResponse"));

        // map values (additionalProperties) are checked too
        JsonObject depends = new JsonObject().put("id", "t").put("description", "").put("image", "x")
                .put("depends_on", new JsonObject().put("a", "sometimes")).put("variables", new JsonArray())
                .put("inject_api_token", false).put("always_pull_newest_image", false);
        assertEquals(List.of("depends_on.a: 'sometimes' not in [unknown, any, success, failure]"), CONTRACT.validate(depends, "Task"));

        assertEquals(List.of("(root): body is not JSON"), CONTRACT.validateBody("<html>", "Error").stream()
                .map(s -> s.substring(0, s.indexOf(" JSON") + 5)).toList());
        assertEquals(List.of("request_id: required property missing"),
                CONTRACT.validateBody("{\"message\": \"m\", \"error_code\": \"x\"}", "Error"));
    }

    @Test
    void responseSchemasAreFoundInThePathsSection() {
        String runs = "/api/namespaces/default/pipelines/p/runs";
        assertEquals("StartRunResponse", CONTRACT.responseSchema("POST", runs, 201));
        assertEquals("ListRunsResponse", CONTRACT.responseSchema("GET", runs, 200));
        assertEquals("GetRunResponse", CONTRACT.responseSchema("GET", runs + "/7", 200));
        assertEquals("Error", CONTRACT.responseSchema("GET", runs + "/7", 404));
        assertEquals("Error", CONTRACT.responseSchema("POST", runs, 400));
        assertEquals("WhoAmIResponse", CONTRACT.responseSchema("GET", "/api/tokens/whoami", 200));
        assertEquals("GetTokenByIDResponse", CONTRACT.responseSchema("GET", "/api/tokens/42", 200));
    }

    private static JsonObject validTaskExecution() {
        JsonObject task = new JsonObject().put("id", "t").put("description", "").put("image", "busybox:latest")
                .putNull("registry_auth").put("depends_on", new JsonObject().put("a", "success"))
                .put("variables", new JsonArray()).putNull("entrypoint").put("command", new JsonArray().add("true"))
                .put("inject_api_token", false).put("always_pull_newest_image", false);
        return new JsonObject().put("namespace_id", "default").put("pipeline_id", "p").put("run_id", 1).put("task_id", "t")
                .put("task", task).put("created", 1).put("started", 2).put("ended", 3).put("exit_code", 0)
                .put("state", "complete").put("status", "successful").putNull("status_reason")
                .put("variables", new JsonArray()).put("logs_expired", false).put("logs_removed", false);
    }

    private static JsonObject validRun() {
        return new JsonObject().put("namespace_id", "default").put("pipeline_id", "p").put("run_id", 1)
                .put("pipeline_config_version", 1).put("started", 1700000000000L).put("ended", 1700000001000L)
                .put("state", "complete").put("status", "failed")
                .put("status_reason", new JsonObject().put("reason", "abnormal_exit").put("description", "exit 3"))
                .put("initiator", new JsonObject().put("id", "anonymous").put("user", "anonymous"))
                .put("variables", new JsonArray().add(new JsonObject().put("key", "K").put("value", "v").put("source", "run_options")))
                .put("store_objects_expired", false).putNull("token_id").putNull("event_id");
    }
}
