package dev.gofer.it;

import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.bus.Bus.StartRun;
import dev.gofer.model.Initiator;
import dev.gofer.model.Variable;
import dev.gofer.runs.Runs;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A pipeline's typed run {@code inputs} over REST with real containers, on each store. */
@DisplayName("Typed run inputs")
class TypedInputsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
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

    private static JsonObject input(String name, String type, String def, boolean required, String... choices) {
        JsonObject in = new JsonObject().put("name", name).put("type", type).put("description", "the " + name.toLowerCase())
                .put("required", required);
        if (def != null) {
            in.put("default", def);
        }
        if (choices.length > 0) {
            in.put("choices", new JsonArray(java.util.List.of((Object[]) choices)));
        }
        return in;
    }

    /** Prints its inputs; fails when DRY_RUN is true (so a run can be retried). */
    private static String deployWithInputs() {
        String id = "inputs-" + UUID.randomUUID().toString().substring(0, 8);
        JsonObject shadowed = task("own", "echo \"TARGET=$TARGET\"");
        shadowed.getJsonObject("variables").put("TARGET", "task-own");
        gofer.deploy(pipeline(id, task("show", "echo \"$TARGET $REPLICAS $DRY_RUN $TICKET\"; [ \"$DRY_RUN\" = false ]"), shadowed)
                .put("inputs", new JsonArray()
                        .add(input("TARGET", "choice", "staging", false, "staging", "prod"))
                        .add(input("REPLICAS", "number", "3", false))
                        .add(input("DRY_RUN", "boolean", "false", false))
                        .add(input("TICKET", "string", null, true))));
        return id;
    }

    private static GoferTestServer.Response start(String p, Map<String, String> variables) {
        return gofer.post(GoferTestServer.pipelines("default") + "/" + p + "/runs",
                new JsonObject().put("variables", new JsonObject(Map.copyOf(variables))).encode());
    }

    private static void assertRefused(GoferTestServer.Response res, String... fragments) {
        assertEquals(400, res.status(), res.body());
        String message = res.json().getString("message", res.body());
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "'" + fragment + "' in: " + message);
        }
    }

    @Test
    @DisplayName("defaults reach the container's environment beside what the run gives; a task's own variable still wins")
    void defaultsReachTheContainer() {
        String p = deployWithInputs();
        long run = gofer.startRun(p, Map.of("TICKET", "CH-1", "REPLICAS", "5"));

        JsonObject done = gofer.awaitRun(p, run, DEADLINE);
        assertEquals("successful", done.getString("status"), done.encode());
        assertEquals("staging 5 false CH-1\n", gofer.logs(p, run, "show"));
        assertEquals("TARGET=task-own\n", gofer.logs(p, run, "own"), "task variables come after run variables");
        Map<String, String> sources = done.getJsonArray("variables").stream().map(JsonObject.class::cast)
                .collect(Collectors.toMap(v -> v.getString("key"), v -> v.getString("source")));
        assertEquals(Map.of("TICKET", "run_options", "REPLICAS", "run_options", "TARGET", "pipeline_config",
                "DRY_RUN", "pipeline_config"), sources, "defaults are the config's");

        JsonArray inputs = gofer.get(GoferTestServer.pipelines("default") + "/" + p + "/configs/1").json()
                .getJsonObject("config").getJsonArray("inputs");
        assertEquals(4, inputs.size(), inputs.encode());
        assertEquals(new JsonObject().put("name", "TARGET").put("type", "choice").put("description", "the target")
                .put("default", "staging").put("required", false).put("choices", new JsonArray().add("staging").add("prod")),
                inputs.getJsonObject(0));
    }

    @Test
    @DisplayName("a missing required input, a wrong type, a value outside the choices, an undeclared variable: 400 naming it, and no run")
    void badStartsAreRefused() {
        String p = deployWithInputs();

        assertRefused(start(p, Map.of()), "inputs.TICKET", "is required and was not given", "--var TICKET=");
        assertRefused(start(p, Map.of("TICKET", "x", "REPLICAS", "many")), "inputs.REPLICAS", "must be a number", "got 'many'");
        assertRefused(start(p, Map.of("TICKET", "x", "DRY_RUN", "yes")), "inputs.DRY_RUN", "true or false", "got 'yes'");
        assertRefused(start(p, Map.of("TICKET", "x", "TARGET", "qa")), "inputs.TARGET", "one of staging, prod", "got 'qa'");
        GoferTestServer.Response undeclared = start(p, Map.of("TICKET", "x", "API_KEY", "hunter2"));
        assertRefused(undeclared, "variables.API_KEY", "declares inputs", "TARGET, REPLICAS, DRY_RUN, TICKET");
        assertFalse(undeclared.body().contains("hunter2"), "an undeclared variable's value is never echoed");

        JsonArray runs = gofer.get(GoferTestServer.pipelines("default") + "/" + p + "/runs").json().getJsonArray("runs");
        assertEquals(0, runs.size(), "no run was created: " + runs.encode());
    }

    @Test
    @DisplayName("an extension's StartRun is checked alike: refused with 400 (INVALID_ARGUMENT to the extension), and its values keep source extension")
    void extensionStartsAreChecked() throws Exception {
        String p = deployWithInputs();
        Runs runs = Runs.onBus(gofer.vertx().eventBus());
        Initiator cron = new Initiator("extension:cron", "cron (extension)");

        ExecutionException refused = assertThrows(ExecutionException.class, () -> runs.start(new StartRun("default", p,
                Map.of("TICKET", "x", "REPLICAS", "1.2.3"), cron, Variable.EXTENSION)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        ReplyException reply = (ReplyException) refused.getCause();
        assertEquals(400, reply.failureCode(), "GrpcErrors answers a 400 as INVALID_ARGUMENT");
        assertTrue(reply.getMessage().contains("inputs.REPLICAS: must be a number") && reply.getMessage().contains("got '1.2.3'"),
                reply.getMessage());
        assertEquals(0, gofer.get(GoferTestServer.pipelines("default") + "/" + p + "/runs").json().getJsonArray("runs").size());

        long run = runs.start(new StartRun("default", p, Map.of("TICKET", "from-cron"), cron, Variable.EXTENSION))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).key().runId();
        JsonObject done = gofer.awaitRun(p, run, DEADLINE);
        assertEquals("staging 3 false from-cron\n", gofer.logs(p, run, "show"));
        assertTrue(done.getJsonArray("variables").stream().map(JsonObject.class::cast)
                .anyMatch(v -> v.getString("key").equals("TICKET") && v.getString("source").equals("extension")), done.encode());
    }

    @Test
    @DisplayName("a retry reuses the original's variables, checked against its config version")
    void retryKeepsTheInputs() {
        String p = deployWithInputs();
        long first = gofer.startRun(p, Map.of("TICKET", "CH-2", "DRY_RUN", "true", "TARGET", "prod"));
        assertEquals("failed", gofer.awaitRun(p, first, DEADLINE).getString("status"));

        GoferTestServer.Response retried = gofer.post(GoferTestServer.pipelines("default") + "/" + p + "/runs/" + first + "/retry", "");
        assertEquals(201, retried.status(), retried.body());
        long second = retried.json().getJsonObject("run").getLong("run_id");
        gofer.awaitRun(p, second, DEADLINE);
        assertEquals("prod 3 true CH-2\n", gofer.logs(p, second, "show"));
    }

    @Test
    @DisplayName("bad input declarations are refused at registration naming the input")
    void badDeclarations() {
        String p = "inputs-bad-" + UUID.randomUUID().toString().substring(0, 8);
        JsonObject config = pipeline(p, task("a", "true")).put("inputs", new JsonArray()
                .add(input("MODE", "choice", null, false))
                .add(input("N", "number", "lots", false)));
        GoferTestServer.Response res = gofer.post(GoferTestServer.pipelines("default") + "/" + p + "/configs",
                new JsonObject().put("config", config).encode());
        assertRefused(res, "config.inputs[0].choices: is required for type choice", "config.inputs[1].default: must be a number");
        assertEquals(404, gofer.get(GoferTestServer.pipelines("default") + "/" + p).status(), "nothing stored");
    }
}
