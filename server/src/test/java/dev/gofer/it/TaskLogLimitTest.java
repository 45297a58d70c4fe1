package dev.gofer.it;

import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Setting {@code task_log_limit}: a task printing past it keeps running; its log stops at the limit, marked once. */
class TaskLogLimitTest {
    private static final int LIMIT = 64 * 1024;
    private static final String MARKER = "[gofer: log truncated at 64 KB (setting task_log_limit); the task kept running]\n";
    private static GoferTestServer gofer;

    @BeforeAll
    static void start() {
        GoferTestServer.requireDocker();
        gofer = GoferTestServer.start(null, settings -> settings.with("task_log_limit", LIMIT));
    }

    @AfterAll
    static void stop() {
        gofer.close();
    }

    @Test
    void outputPastTheLimitIsDroppedWithOneMarkerAndTheTaskRunsToItsEnd() throws Exception {
        // ~2 MB in lines of 16 bytes, fast, then one last line and a distinctive exit code: the task was not stopped.
        // All on stdout: the engine reads stdout and stderr separately, so a line on stderr can be logged before
        // stdout written earlier (it was, once, inside the first 64 KB), and the cut would not be at a known place.
        gofer.deploy(pipeline("chatty", task("print",
                "yes 0123456789abcde | head -c 2000000; echo the-end; exit 3")));
        long run = gofer.startRun("chatty", Map.of());
        gofer.awaitRun("chatty", run, Duration.ofSeconds(60));
        JsonObject t = gofer.tasks("chatty", run).get("print");
        assertEquals(3, t.getInteger("exit_code"), t.encode());

        String log = gofer.logs("chatty", run, "print");
        // the limit falls on a line end (64 KB = 4096 lines of 16 bytes): the marker follows without a blank line
        assertEquals("0123456789abcde\n".repeat(LIMIT / 16) + MARKER, log);
        Path file = gofer.dataDir.resolve("logs/default/chatty/" + run + "/print.log");
        assertEquals(LIMIT + MARKER.length(), Files.size(file));

        // the marker is its own stderr record at the end
        String path = GoferTestServer.pipelines("default") + "/chatty/runs/" + run + "/tasks/print/logs?format=ndjson";
        List<JsonObject> records = gofer.get(path).body().lines().map(JsonObject::new).toList();
        JsonObject last = records.get(records.size() - 1);
        assertEquals(new JsonObject().put("stream", "stderr").put("text", MARKER), last);
        gofer.awaitNoContainers("gofer.pipeline=chatty");
    }

    @Test
    void aLimitCuttingALineStartsTheMarkerOnALineOfItsOwn() {
        gofer.deploy(pipeline("cut", task("print", "yes 0123456789abcdefghi | head -c 200000")));
        long run = gofer.startRun("cut", Map.of());
        gofer.awaitRun("cut", run, Duration.ofSeconds(60));
        String log = gofer.logs("cut", run, "print");
        String printed = "0123456789abcdefghi\n".repeat(200000 / 20 + 1);
        assertEquals(printed.substring(0, LIMIT) + "\n" + MARKER, log);
        assertEquals(1, log.split("\\[gofer: log truncated", -1).length - 1, "one marker");
        gofer.awaitNoContainers("gofer.pipeline=cut");
    }
}
