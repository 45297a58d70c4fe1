package dev.gofer.it;

import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.ServerSettings;
import dev.gofer.testing.Command;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Big task logs read as ndjson from a server in its own JVM whose heap (128 MB) cannot hold one a few times over, as
 * reading a log whole did (a 500 with OutOfMemoryError): stored and followed, the records arrive complete with a 200,
 * also to a client slower than the task.
 */
class BigLogTest {
    private static final int LINES = 60_000;
    private static final int LINE_BYTES = 1000; // 999 x and a newline
    private static final String HEAP = "-Xmx128m";

    private static Path dataDir;
    private static Process server;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        GoferTestServer.requireDocker();
        dataDir = Files.createTempDirectory("gofer-big-log");
        Path out = dataDir.resolve("server.out");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
                "-Dgofer.test.store=" + GoferTestServer.STORE, "-cp", classpath, SmallHeapGofer.class.getName(), dataDir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (base == null) {
            List<String> lines = Files.exists(out) ? Files.readAllLines(out) : List.of();
            lines.stream().filter(l -> l.startsWith("port=")).findFirst()
                    .ifPresent(l -> base = "http://127.0.0.1:" + l.substring(5));
            assertTrue(server.isAlive() && Instant.now().isBefore(deadline) || base != null,
                    "small-heap server did not start:\n" + String.join("\n", lines));
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        // the server removes a task's container just after storing its end: wait for that before stopping it
        String instance = "gofer.instance=" + ServerSettings.forDataDir(dataDir.resolve("data"), 0).instanceId();
        Instant deadline = Instant.now().plusSeconds(30);
        while (GoferTestServer.containersLabelled(new String[]{instance}) > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        int left = GoferTestServer.containersLabelled(new String[]{instance});
        if (server != null) {
            server.getOutputStream().close();
            if (!server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        if (left > 0) {
            Command.removeContainers(instance);
        }
        try (var files = Files.walk(dataDir)) { // ~90 MB of logs
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        assertEquals(0, left, "containers left behind");
    }

    @Test
    void aLogBiggerThanTheHeapCanAffordIsStreamedAsNdjson() throws Exception {
        String line = "yes \"$(head -c " + (LINE_BYTES - 1) + " /dev/zero | tr '\\0' x)\" | head -n " + (LINES / 2);
        post("/api/namespaces/default/pipelines/big/configs",
                new JsonObject().put("config", pipeline("big", task("print", line + "; echo middle >&2; " + line))));
        post("/api/namespaces/default/pipelines/big/configs/1", null);
        long run = post("/api/namespaces/default/pipelines/big/runs", new JsonObject().put("variables", new JsonObject()))
                .getJsonObject("run").getLong("run_id");
        String runPath = "/api/namespaces/default/pipelines/big/runs/" + run;
        Instant deadline = Instant.now().plusSeconds(90);
        while (!"complete".equals(get(runPath).getJsonObject("run").getString("state"))) {
            assertTrue(Instant.now().isBefore(deadline), "run not complete: " + get(runPath));
            Thread.sleep(100);
        }
        assertEquals("successful", get(runPath).getJsonObject("run").getString("status"), get(runPath).encode());

        String logs = runPath + "/tasks/print/logs?format=ndjson";
        assertWholeLog(logs);
        assertWholeLog(logs + "&follow=true"); // the follow path sends the stored part the same way
    }

    @Test
    void aFollowerSlowerThanTheTaskGetsEveryLineOnceInOrder() throws Exception {
        int lines = 100_000; // 30 MB in numbered lines of 300 bytes, printed as fast as the container can
        String script = "awk 'BEGIN { x = sprintf(\"%291s\", \"\"); gsub(/ /, \"x\", x); "
                + "for (i = 1; i <= " + lines + "; i++) printf \"%07d %s\\n\", i, x }'";
        post("/api/namespaces/default/pipelines/live/configs", new JsonObject().put("config", pipeline("live", task("print", script))));
        post("/api/namespaces/default/pipelines/live/configs/1", null);
        long run = post("/api/namespaces/default/pipelines/live/runs", new JsonObject().put("variables", new JsonObject()))
                .getJsonObject("run").getLong("run_id");
        String path = "/api/namespaces/default/pipelines/live/runs/" + run + "/tasks/print/logs?format=ndjson&follow=true";
        HttpResponse<InputStream> res = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, res.statusCode());
        int expected = 1;
        StringBuilder partial = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            boolean paused = false;
            for (String record; (record = r.readLine()) != null; ) {
                if (!paused) {
                    paused = true;
                    Thread.sleep(6000); // a slow client: the server's write queue fills while the task prints on
                }
                partial.append(new JsonObject(record).getString("text"));
                int nl;
                while ((nl = partial.indexOf("\n")) >= 0) {
                    String line = partial.substring(0, nl);
                    partial.delete(0, nl + 1);
                    assertEquals(String.format("%07d", expected), line.substring(0, 7), "lines in order, each once");
                    assertEquals(300, line.length() + 1);
                    expected++;
                }
            }
        }
        assertEquals(lines + 1, expected, "every line");
        assertEquals("", partial.toString());
    }

    /** Reads the records as they stream in, keeping only counts. */
    private static void assertWholeLog(String path) throws Exception {
        HttpResponse<InputStream> res = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, res.statusCode());
        long lines = 0;
        long stdoutBytes = 0;
        StringBuilder stderr = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            for (String record; (record = r.readLine()) != null; ) {
                JsonObject json = new JsonObject(record);
                String text = json.getString("text");
                lines += text.chars().filter(c -> c == '\n').count();
                if (json.getString("stream").equals("stderr")) {
                    stderr.append(text);
                } else {
                    stdoutBytes += text.length();
                    assertTrue(text.chars().allMatch(c -> c == 'x' || c == '\n'), "stdout is only x and newlines");
                }
            }
        }
        assertEquals(LINES + 1, lines, path);
        assertEquals((long) LINES * LINE_BYTES, stdoutBytes, path);
        assertEquals("middle\n", stderr.toString(), path);
    }

    private static JsonObject get(String path) throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode(), res.body());
        return new JsonObject(res.body());
    }

    private static JsonObject post(String path, JsonObject body) throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("content-type", "application/json")
                        .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, res.statusCode(), path + ": " + res.body());
        return new JsonObject(res.body());
    }
}
