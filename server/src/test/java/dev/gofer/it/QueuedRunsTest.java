package dev.gofer.it;

import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.ServerSettings;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Queues and locks with real containers, on each store: max_concurrent_runs, concurrency groups, cancel_in_progress, restarts. */
@DisplayName("Queued runs: max_concurrent_runs, concurrency_group, cancel_in_progress")
class QueuedRunsTest {
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

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonObject limited(JsonObject config, long maxRuns, String group, boolean cancelInProgress) {
        config.put("max_concurrent_runs", maxRuns);
        if (group != null) {
            config.put("concurrency_group", group).put("cancel_in_progress", cancelInProgress);
        }
        return config;
    }

    /** The one task of each run, ordered by start; each must end before the next starts. */
    private static void assertNoOverlap(List<JsonObject> tasks) {
        List<JsonObject> byStart = tasks.stream().sorted((x, y) -> Long.compare(x.getLong("started"), y.getLong("started"))).toList();
        for (int i = 1; i < byStart.size(); i++) {
            assertTrue(byStart.get(i).getLong("started") >= byStart.get(i - 1).getLong("ended"),
                    "no two runs overlap: " + byStart);
        }
    }

    @Test
    @DisplayName("two runs of a max_concurrent_runs: 1 pipeline never overlap; the second waits pending and says for what")
    void maxConcurrentRunsOne() {
        String p = unique("one-at-a-time");
        gofer.deploy(limited(pipeline(p, task("work", "sleep 2")), 1, null, false));
        long first = gofer.startRun(p, Map.of());
        long second = gofer.startRun(p, Map.of());

        JsonObject waiting = gofer.run(p, second);
        assertEquals("pending", waiting.getString("state"), waiting.encode());
        JsonObject why = gofer.awaitRunState(p, second, r -> r.getJsonObject("waiting_for") != null
                || !"pending".equals(r.getString("state")), DEADLINE).getJsonObject("waiting_for");
        assertEquals("max_concurrent_runs", why.getString("kind"), why.encode());
        assertEquals(1, why.getLong("limit"));
        assertEquals(first, why.getLong("run_id"));
        JsonObject listed = gofer.get(GoferTestServer.pipelines("default") + "/" + p + "/runs").json().getJsonArray("runs").getJsonObject(1);
        assertEquals("max_concurrent_runs", listed.getJsonObject("waiting_for").getString("kind"), "the listing shows it too");

        assertEquals("successful", gofer.awaitRun(p, first, DEADLINE).getString("status"));
        JsonObject done = gofer.awaitRun(p, second, DEADLINE);
        assertEquals("successful", done.getString("status"));
        assertNull(done.getJsonObject("waiting_for"));
        assertNoOverlap(List.of(gofer.tasks(p, first).get("work"), gofer.tasks(p, second).get("work")));
    }

    @Test
    @DisplayName("a concurrency group shared by two pipelines: their runs never overlap")
    void groupOfTwoPipelines() {
        String group = unique("lock");
        String web = unique("deploy-web");
        String api = unique("deploy-api");
        gofer.deploy(limited(pipeline(web, task("ship", "sleep 2")), 0, group, false));
        gofer.deploy(limited(pipeline(api, task("ship", "sleep 2")), 0, group, false));
        long w = gofer.startRun(web, Map.of());
        long a = gofer.startRun(api, Map.of());
        long w2 = gofer.startRun(web, Map.of());

        JsonObject why = gofer.awaitRunState(api, a, r -> r.getJsonObject("waiting_for") != null
                || !"pending".equals(r.getString("state")), DEADLINE).getJsonObject("waiting_for");
        assertEquals("concurrency_group", why.getString("kind"), String.valueOf(why));
        assertEquals(group, why.getString("group"));
        for (long[] run : new long[][] {{0, w}, {1, a}, {0, w2}}) {
            assertEquals("successful", gofer.awaitRun(run[0] == 0 ? web : api, run[1], DEADLINE).getString("status"));
        }
        assertNoOverlap(List.of(gofer.tasks(web, w).get("ship"), gofer.tasks(api, a).get("ship"), gofer.tasks(web, w2).get("ship")));
        assertTrue(gofer.tasks(api, a).get("ship").getLong("started") < gofer.tasks(web, w2).get("ship").getLong("started"),
                "first come, first served");
    }

    @Test
    @DisplayName("cancel_in_progress: a new run cancels the older running run and starts after it")
    void cancelInProgress() {
        String p = unique("supersede");
        gofer.deploy(limited(pipeline(p, task("ship", "[ \"$QUICK\" = yes ] || sleep 60")), 0, unique("prod"), true));
        long old = gofer.startRun(p, Map.of());
        gofer.awaitTask(p, old, "ship", t -> "running".equals(t.getString("state")), DEADLINE);

        long fresh = gofer.startRun(p, Map.of("QUICK", "yes"));

        JsonObject cancelled = gofer.awaitRun(p, old, DEADLINE);
        assertEquals("cancelled", cancelled.getString("status"), cancelled.encode());
        assertEquals("successful", gofer.awaitRun(p, fresh, DEADLINE).getString("status"));
        assertNoOverlap(List.of(gofer.tasks(p, old).get("ship"), gofer.tasks(p, fresh).get("ship")));
        gofer.awaitNoContainers("gofer.pipeline=" + p);
    }

    @Test
    @DisplayName("cancelling a pending run ends it cancelled; it never gets a container")
    void cancelPending() {
        String p = unique("cancel-queued");
        gofer.deploy(limited(pipeline(p, task("work", "sleep 2")), 1, null, false));
        String since = EngineEvents.now();
        long first = gofer.startRun(p, Map.of());
        long second = gofer.startRun(p, Map.of());

        assertEquals(204, gofer.delete(GoferTestServer.pipelines("default") + "/" + p + "/runs/" + second).status());

        JsonObject run = gofer.awaitRun(p, second, DEADLINE);
        assertEquals("cancelled", run.getString("status"));
        assertEquals("cancelled", gofer.tasks(p, second).get("work").getString("status"));
        assertEquals("successful", gofer.awaitRun(p, first, DEADLINE).getString("status"));
        assertEquals(List.of(), EngineEvents.createdTasks(since, "gofer.pipeline=" + p, "gofer.run=" + second));
    }

    @Test
    @DisplayName("a queued run survives a restart: it waits for the resumed run, then runs once")
    void queuedRunSurvivesRestart() throws IOException {
        Path dir = Files.createTempDirectory("gofer-queue-restart");
        String p = unique("queued-restart");
        String since = EngineEvents.now();
        long first;
        long second;
        try (GoferTestServer before = GoferTestServer.start(dir, s -> s)) {
            before.deploy(limited(pipeline(p, task("work", "sleep 4")), 1, null, false));
            first = before.startRun(p, Map.of());
            second = before.startRun(p, Map.of());
            before.awaitTask(p, first, "work", t -> "running".equals(t.getString("state")), DEADLINE);
            assertEquals("pending", before.run(p, second).getString("state"));
            // closed without cancelling: the first run's container keeps running
        }
        try (GoferTestServer after = GoferTestServer.start(dir, s -> s)) {
            assertEquals("successful", after.awaitRun(p, first, DEADLINE).getString("status"));
            assertEquals("successful", after.awaitRun(p, second, DEADLINE).getString("status"));
            assertNoOverlap(List.of(after.tasks(p, first).get("work"), after.tasks(p, second).get("work")));
            String instance = "gofer.instance=" + ServerSettings.forDataDir(dir, 0).instanceId();
            assertEquals(List.of("work"), EngineEvents.createdTasks(since, instance, "gofer.pipeline=" + p, "gofer.run=" + second),
                    "the queued run's task got exactly one container");
            assertEquals(List.of("work"), EngineEvents.createdTasks(since, instance, "gofer.pipeline=" + p, "gofer.run=" + first),
                    "the resumed run's container was adopted, not created again");
            after.awaitNoContainers("gofer.pipeline=" + p);
        }
    }

    @Test
    @DisplayName("bad run limits are refused with 400 naming the field, and nothing is stored")
    void badLimits() {
        String p = unique("bad-limits");
        for (Map.Entry<JsonObject, String> bad : Map.of(
                limited(pipeline(p, task("a", "true")), -1, null, false), "config.max_concurrent_runs: must be 0 (no cap) or a positive number",
                limited(pipeline(p, task("a", "true")), 0, "Not An Id", false), "config.concurrency_group: 'Not An Id' must be 1-32 characters",
                pipeline(p, task("a", "true")).put("cancel_in_progress", true), "config.cancel_in_progress: needs a concurrency_group",
                pipeline(p, task("a", "true")).put("max_concurrent_runs", "two"), "config.max_concurrent_runs").entrySet()) {
            GoferTestServer.Response res = gofer.post(GoferTestServer.pipelines("default") + "/" + p + "/configs",
                    new JsonObject().put("config", bad.getKey()).encode());
            assertEquals(400, res.status(), res.body());
            assertTrue(res.body().contains(bad.getValue()), res.body());
        }
        assertEquals(404, gofer.get(GoferTestServer.pipelines("default") + "/" + p).status(), "nothing was stored");
    }
}
