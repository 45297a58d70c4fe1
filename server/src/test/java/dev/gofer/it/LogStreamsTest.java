package dev.gofer.it;

import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET .../logs?format=ndjson}: the same output, each piece tagged with the stream that printed it. */
class LogStreamsTest {
    private static GoferTestServer gofer;

    @BeforeAll
    static void start() {
        GoferTestServer.requireDocker();
        gofer = GoferTestServer.start();
    }

    @AfterAll
    static void stop() {
        gofer.close();
    }

    @Test
    void followingAndReadingTellStdoutFromStderr() throws Exception {
        gofer.deploy(pipeline("streams", task("print",
                "echo out-1; sleep 0.3; echo err-1 >&2; sleep 0.3; echo out-2; sleep 0.3; echo err-2 >&2; sleep 1")));
        long run = gofer.startRun("streams", Map.of());
        String path = GoferTestServer.pipelines("default") + "/streams/runs/" + run + "/tasks/print/logs";

        // follow from the start: records arrive while the task runs, tagged
        HttpResponse<java.io.InputStream> res = HttpClient.newHttpClient().send(
                gofer.authorized(HttpRequest.newBuilder(URI.create(gofer.url(path + "?follow=true&format=ndjson")))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, res.statusCode());
        assertTrue(res.headers().firstValue("content-type").orElse("").startsWith("application/x-ndjson"));
        List<JsonObject> followed = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                followed.add(new JsonObject(line));
            }
        }
        assertEquals("out-1\nout-2\n", text(followed, "stdout"), followed.toString());
        assertEquals("err-1\nerr-2\n", text(followed, "stderr"), followed.toString());
        assertEquals(List.of("stdout", "stderr", "stdout", "stderr"), followed.stream().map(j -> j.getString("stream")).toList());

        gofer.awaitRun("streams", run, Duration.ofSeconds(60));
        // after the end, from the file and its index: the same records; the plain log is unchanged
        List<JsonObject> read = gofer.get(path + "?format=ndjson").body().lines().map(JsonObject::new).toList();
        assertEquals(followed, read);
        assertEquals("out-1\nerr-1\nout-2\nerr-2\n", gofer.logs("streams", run, "print"));

        GoferTestServer.Response bad = gofer.get(path + "?format=xml");
        assertEquals(400, bad.status());
        assertTrue(bad.json().getString("message").contains("format: must be text (the default) or ndjson"), bad.body());
    }

    private static String text(List<JsonObject> records, String stream) {
        StringBuilder sb = new StringBuilder();
        records.stream().filter(j -> stream.equals(j.getString("stream"))).forEach(j -> sb.append(j.getString("text")));
        return sb.toString();
    }
}
