package dev.gofer.sdk.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK client over real HTTP against a stand-in server (the JDK's built-in {@link HttpServer}: no Gofer
 * server, no Docker, no extra dependency), one handler per test saying what the server receives and answers.
 * What the client does against the real server is covered by the CLI's integration tests, which drive every
 * command through this client.
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
        assertEquals(7, client.runs().start("default", "hello", Map.of("K", "V")).path("run").path("run_id").asLong());
        assertEquals("v0", version.get());
        assertEquals("{\"variables\":{\"K\":\"V\"}}", body.get());
    }

    @Test
    void anErrorCarriesTheStatusAndTheServersMessage() {
        server.createContext("/", exchange -> respond(exchange, 404,
                "{\"request_id\":\"r1\",\"error_code\":\"not_found\",\"message\":\"pipeline 'x' not found\"}"));
        GoferApiException e = assertThrows(GoferApiException.class, () -> client.pipelines().get("default", "x"));
        assertEquals(404, e.status());
        assertEquals("pipeline 'x' not found", e.getMessage());
        assertEquals("not_found", e.errorCode());
        assertEquals("r1", e.requestId());
    }

    @Test
    void anErrorWithoutAJsonBodyStillSaysWhatHappened() {
        server.createContext("/", exchange -> respond(exchange, 502, "Bad Gateway"));
        GoferApiException e = assertThrows(GoferApiException.class, () -> client.pipelines().list("default"));
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
        client.tasks().streamLogs("default", "p", 1, "t", true, received);
        assertEquals("first\nsecond\n", received.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theTokenIsSentAsABearerAndAJsonBodyAsJson() {
        AtomicReference<String> auth = new AtomicReference<>();
        AtomicReference<String> type = new AtomicReference<>();
        AtomicReference<String> body = new AtomicReference<>();
        server.createContext("/api/tokens", exchange -> {
            auth.set(exchange.getRequestHeaders().getFirst("Authorization"));
            type.set(exchange.getRequestHeaders().getFirst("content-type"));
            body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            respond(exchange, 201, "{\"secret\":\"s\"}");
        });
        GoferClient withToken = new GoferClient(client.baseUrl(), "  abc  ");
        assertEquals("s", withToken.tokens().create("ann", List.of("admin"), 0, null).path("secret").asText());
        assertEquals("Bearer abc", auth.get());
        assertEquals("application/json", type.get());
        assertEquals("{\"user\":\"ann\",\"expires\":0,\"roles\":[\"admin\"],\"metadata\":{}}", body.get());
    }

    @Test
    void idsInThePathAreEncodedAndAnEmptyIdIsRefusedBeforeAnyCall() {
        AtomicReference<String> path = new AtomicReference<>();
        server.createContext("/", exchange -> {
            path.set(exchange.getRequestURI().getRawPath());
            respond(exchange, 200, "{}");
        });
        client.pipelines().unsubscribe("my ns", "p/1", "ext", "a label");
        assertEquals("/api/namespaces/my%20ns/pipelines/p%2F1/subscriptions/ext/a%20label", path.get());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client.runs().get("default", "", 1));
        assertEquals("an id in the request path is empty", e.getMessage());
    }

    @Test
    void anEmptyAnswerIsAnEmptyObjectAndANonJsonAnswerSaysSo() {
        server.createContext("/api/namespaces/default/pipelines/p/runs/3", exchange -> {
            assertEquals("DELETE", exchange.getRequestMethod());
            respond(exchange, 204, "");
        });
        client.runs().cancel("default", "p", 3);
        server.createContext("/api/roles", exchange -> respond(exchange, 200, "<html>proxy</html>"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> client.roles().list());
        assertTrue(e.getMessage().contains("GET /api/roles answered with something that is not JSON: <html>proxy</html>"), e.getMessage());
    }

    @Test
    void eventsAreReadFromTheServerSentEventStream() {
        AtomicReference<String> query = new AtomicReference<>();
        server.createContext("/api/events", exchange -> {
            query.set(exchange.getRequestURI().getRawQuery());
            respond(exchange, 200, "id: 1\nevent: run_started\ndata: {\"id\":1}\n\n: keep-alive\n\nid: 2\ndata: {\"id\":2}\n\n");
        });
        List<Long> ids = new ArrayList<>();
        client.events().stream(true, "0 1", false, e -> ids.add(e.path("id").asLong()));
        assertEquals(List.of(1L, 2L), ids);
        assertEquals("history=true&follow=false&from=0+1", query.get());
    }

    @Test
    void anObjectIsStreamedUpAndDownAsBytes() {
        AtomicReference<byte[]> stored = new AtomicReference<>();
        String store = client.objects().of("default", "p", 4L);
        assertEquals("/api/namespaces/default/pipelines/p/runs/4/objects", store);
        assertEquals("/api/namespaces/default/pipelines/p/objects", client.objects().of("default", "p", null));
        server.createContext(store + "/k", exchange -> {
            if (exchange.getRequestMethod().equals("POST")) {
                assertEquals("force=true", exchange.getRequestURI().getQuery());
                assertEquals("application/octet-stream", exchange.getRequestHeaders().getFirst("content-type"));
                stored.set(exchange.getRequestBody().readAllBytes());
                respond(exchange, 201, "{\"object\":{\"size\":" + stored.get().length + "}}");
            } else {
                exchange.sendResponseHeaders(200, stored.get().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(stored.get());
                }
            }
        });
        byte[] bytes = {0, 1, 2, (byte) 255};
        assertEquals(4, client.objects().put(store, "k", new ByteArrayInputStream(bytes), true).path("object").path("size").asInt());
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        client.objects().get(store, "k", back);
        assertArrayEquals(bytes, back.toByteArray());
    }

    @Test
    void aStreamedCallThatFailsCarriesTheServersMessage() {
        server.createContext("/", exchange -> respond(exchange, 404, "{\"message\":\"extension 'x' not found\"}"));
        GoferApiException e = assertThrows(GoferApiException.class,
                () -> client.extensions().streamLogs("x", false, new ByteArrayOutputStream()));
        assertEquals(404, e.status());
        assertEquals("extension 'x' not found", e.getMessage());
    }

    @Test
    void globalAndPipelineSecretsLiveAtTheirOwnPaths() {
        AtomicReference<String> body = new AtomicReference<>();
        server.createContext("/api/secrets/global", exchange -> {
            body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            respond(exchange, 201, "{}");
        });
        assertEquals("/api/namespaces/default/pipelines/p/secrets", client.secrets().of("default", "p"));
        client.secrets().put(client.secrets().of("default", null), "k", "v", List.of("prod-.*"), false);
        assertEquals("{\"key\":\"k\",\"content\":\"v\",\"force\":false,\"namespaces\":[\"prod-.*\"]}", body.get());
    }

    @Test
    void noServerIsUnreachableNotAnApiError() {
        int port = server.getAddress().getPort();
        server.stop(0);
        GoferUnreachableException e = assertThrows(GoferUnreachableException.class, () -> client.namespaces().list());
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
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
