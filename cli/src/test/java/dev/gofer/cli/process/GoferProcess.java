package dev.gofer.cli.process;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** `java -jar target/gofer.jar service start` as a separate OS process, the way users run it. */
final class GoferProcess implements AutoCloseable {
    /**
     * One client for every request: a client made per request and dropped could be collected while its request was
     * in flight (JDK 17), and that request then never completed, its timeout included (a CI run hung on it).
     */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final Path JAR = Path.of("target", "gofer.jar");
    private final Process process;
    final int port;
    final Path output;
    /** The root token, taken with `POST /api/tokens/bootstrap` on a new data dir and reused after restarts. */
    String token;

    private GoferProcess(Process process, int port, Path output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    static GoferProcess start(Path dataDir, String store, int port) throws IOException {
        return start(dataDir, store, port, Duration.ofSeconds(1));
    }

    /** @param taskStopTimeout what a stopped task container gets between SIGTERM and SIGKILL */
    static GoferProcess start(Path dataDir, String store, int port, Duration taskStopTimeout) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new AssertionError(JAR.toAbsolutePath() + " is missing: these tests run in `mvn verify`, after `package`");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "service", "start", "--port", Integer.toString(port),
                // 0: any free port; the default (8081) may be held by another program on a CI machine
                "--extension-port", "0",
                "--data-dir", dataDir.toString(), "--task-stop-timeout", Long.toString(taskStopTimeout.toSeconds())));
        if (store != null) {
            cmd.add("--store");
            cmd.add(store);
        }
        Path output = Files.createTempFile("gofer-process", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
        // through the environment, as users should pass it (a flag would show in `ps`)
        pb.environment().put("GOFER_ENCRYPTION_KEY", "74657374206b6579206f6620676f6665722074657374732c206e6f7420736563");
        Process p = pb.start();
        GoferProcess gofer = new GoferProcess(p, port, output);
        // generous: a machine shared by several builds can take a minute to start a JVM and migrate a database
        Instant deadline = Instant.now().plusSeconds(180);
        while (true) {
            if (!p.isAlive()) {
                throw new AssertionError("gofer exited at start:\n" + Files.readString(output));
            }
            try {
                if (gofer.get("/api/system/metadata").statusCode() == 200) {
                    return gofer;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (Instant.now().isAfter(deadline)) {
                p.destroyForcibly();
                throw new AssertionError("gofer did not answer within 180 s:\n" + Files.readString(output));
            }
            pause(100);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    HttpResponse<String> get(String path) throws IOException {
        return send(authorized(HttpRequest.newBuilder(uri(path)).GET()));
    }

    HttpResponse<String> post(String path, String body) throws IOException {
        return send(authorized(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    HttpResponse<String> delete(String path) throws IOException {
        return send(authorized(HttpRequest.newBuilder(uri(path)).DELETE()));
    }

    /** Sends the request and returns at once (a client that waits for the answer, e.g. while the server is killed). */
    CompletableFuture<HttpResponse<String>> deleteAsync(String path) {
        return HTTP.sendAsync(authorized(HttpRequest.newBuilder(uri(path)).DELETE())
                .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postBytes(String path, byte[] body) throws IOException {
        return send(authorized(HttpRequest.newBuilder(uri(path)).header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))));
    }

    /** Takes the one-time root token of a new server. */
    String bootstrap() throws IOException {
        HttpResponse<String> res = send(HttpRequest.newBuilder(uri("/api/tokens/bootstrap")).POST(HttpRequest.BodyPublishers.noBody()));
        if (res.statusCode() != 201) {
            throw new AssertionError("bootstrap failed: " + res.statusCode() + " " + res.body());
        }
        token = new com.fasterxml.jackson.databind.ObjectMapper().readTree(res.body()).get("secret").asText();
        return token;
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder req) {
        return token == null ? req : req.header("Authorization", "Bearer " + token);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder req) throws IOException {
        try {
            return HTTP.send(req.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** SIGKILL: no shutdown hook, nothing flushed on purpose. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM; returns how long the process took to exit. */
    Duration terminate(Duration bound) throws InterruptedException {
        Instant start = Instant.now();
        process.destroy();
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("gofer did not exit within " + bound + " of SIGTERM");
        }
        return Duration.between(start, Instant.now());
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate(Duration.ofSeconds(60));
        }
    }
}
