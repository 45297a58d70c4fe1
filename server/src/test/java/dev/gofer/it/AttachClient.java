package dev.gofer.it;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A test's WebSocket client for {@code GET .../tasks/{task}/attach}: keeps what arrived on stdout (frames starting
 * with 1) and stderr (2) apart, and how the server closed the socket.
 */
final class AttachClient implements WebSocket.Listener, AutoCloseable {
    record Closed(int code, String reason) {
    }

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private WebSocket socket;

    private AttachClient() {
    }

    static String encode(String arg) {
        return URLEncoder.encode(arg, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static AttachClient open(GoferTestServer gofer, String token, String pathAndQuery) {
        AttachClient client = new AttachClient();
        client.socket = connect(gofer, token, pathAndQuery, client).join();
        return client;
    }

    /** The HTTP status of a refused handshake (fails the test when the socket opens). */
    static int refusal(GoferTestServer gofer, String token, String pathAndQuery) {
        try {
            WebSocket opened = connect(gofer, token, pathAndQuery, new AttachClient()).join();
            opened.abort();
            throw new AssertionError("the socket opened: " + pathAndQuery);
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    private static CompletableFuture<WebSocket> connect(GoferTestServer gofer, String token, String pathAndQuery, AttachClient listener) {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.buildAsync(URI.create("ws://127.0.0.1:" + gofer.port() + pathAndQuery), listener);
    }

    void send(String text) {
        socket.sendBinary(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), true).join();
    }

    synchronized String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    synchronized String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    /** Polls (with a deadline) until stdout is exactly {@code expected}. */
    void awaitStdout(String expected) throws InterruptedException {
        Instant end = Instant.now().plus(DEADLINE);
        while (!stdout().equals(expected)) {
            if (Instant.now().isAfter(end) || closed.isDone()) {
                throw new AssertionError("stdout was " + stdout() + " (stderr " + stderr() + ", closed " + closed.getNow(null)
                        + "), expected " + expected);
            }
            Thread.sleep(20);
        }
    }

    Closed awaitClose() throws Exception {
        return closed.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public synchronized CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        partial.writeBytes(bytes);
        if (last) {
            byte[] frame = partial.toByteArray();
            partial.reset();
            (frame[0] == 2 ? stderr : stdout).write(frame, 1, frame.length - 1);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }
}
