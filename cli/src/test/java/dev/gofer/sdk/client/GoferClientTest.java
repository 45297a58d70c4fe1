package dev.gofer.sdk.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK client against a stand-in HTTP server (kept beside the CLI, its main user): the version header,
 * error bodies, and logs that arrive while the task still runs.
 */
class GoferClientTest {
    private HttpServer server;
    private GoferClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.start();
        client = new GoferClient("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void sendsTheApiVersionAndTheRunVariables() {
        AtomicReference<String> version = new AtomicReference<>();
        AtomicReference<String> body = new AtomicReference<>();
        server.createContext("/api/namespaces/default/pipelines/hello/runs", exchange -> {
            version.set(exchange.getRequestHeaders().getFirst("gofer-api-version"));
            body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            respond(exchange, 201, "{\"run\":{\"run_id\":7}}");
        });
        assertEquals(7, client.startRun("default", "hello", Map.of("K", "V")).path("run").path("run_id").asLong());
        assertEquals("v0", version.get());
        assertEquals("{\"variables\":{\"K\":\"V\"}}", body.get());
    }

    @Test
    void anErrorCarriesTheStatusAndTheServersMessage() {
        server.createContext("/", exchange -> respond(exchange, 404,
                "{\"request_id\":\"r1\",\"error_code\":\"not_found\",\"message\":\"pipeline 'x' not found\"}"));
        GoferApiException e = assertThrows(GoferApiException.class, () -> client.getPipeline("default", "x"));
        assertEquals(404, e.status());
        assertEquals("pipeline 'x' not found", e.getMessage());
        assertEquals("not_found", e.errorCode());
        assertEquals("r1", e.requestId());
    }

    @Test
    void anErrorWithoutAJsonBodyStillSaysWhatHappened() {
        server.createContext("/", exchange -> respond(exchange, 502, "Bad Gateway"));
        GoferApiException e = assertThrows(GoferApiException.class, () -> client.listPipelines("default"));
        assertEquals(502, e.status());
        assertEquals("HTTP 502: Bad Gateway", e.getMessage());
    }

    @Test
    void logsArriveAsTheyAreWritten() throws Exception {
        CountDownLatch firstChunkSeen = new CountDownLatch(1);
        server.createContext("/api/namespaces/default/pipelines/p/runs/1/tasks/t/logs", exchange -> {
            assertEquals("follow=true", exchange.getRequestURI().getQuery());
            exchange.getResponseHeaders().add("content-type", "text/plain");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("first\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                // the second line is only written once the client has shown the first: proof of streaming
                if (!firstChunkSeen.await(10, TimeUnit.SECONDS)) {
                    throw new IOException("client did not see the first line while the log was still open");
                }
                out.write("second\n".getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ByteArrayOutputStream received = new ByteArrayOutputStream() {
            @Override
            public synchronized void flush() {
                if (toString(StandardCharsets.UTF_8).contains("first\n")) {
                    firstChunkSeen.countDown();
                }
            }
        };
        client.streamLogs("default", "p", 1, "t", true, received);
        assertEquals("first\nsecond\n", received.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aHostWithoutSchemeMeansHttp() {
        assertEquals("http://127.0.0.1:8080", new GoferClient("127.0.0.1:8080").baseUrl());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GoferClient("ftp://x"));
        assertTrue(e.getMessage().contains("is not a Gofer server URL"), e.getMessage());
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", body.startsWith("{") ? "application/json" : "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
