package dev.gofer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server under test: {@code java <flags> -jar cli/target/gofer.jar service start} as its own OS process, the
 * way users run it (the flags of the {@code ./gofer} launcher, {@link Options#jvmFlags}), on a fresh data dir, free
 * ports, SQLite, without the standard extensions.
 */
final class GoferProcess implements Closeable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Test key only: this server's data dir is thrown away afterwards. */
    /** The server's task_stop_timeout (seconds from SIGTERM to SIGKILL when a task is cancelled). */
    static final int TASK_STOP_TIMEOUT_SECONDS = 1;
    private static final String TEST_KEY = "62656e63686d61726b206b6579206f6620676f6665722c206e6f742073656372";

    final Process process;
    final int port;
    final Path dataDir;
    final Path output;
    /** System.nanoTime just before the process was started, and when it first answered. */
    final long startedNanos;
    long answeredNanos;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    private GoferProcess(Process process, long startedNanos, int port, Path dataDir, Path output) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.port = port;
        this.dataDir = dataDir;
        this.output = output;
    }

    /** Starts the jar and returns once {@code GET /api/system/metadata} answers 200. */
    static GoferProcess start(Path jar, List<String> jvmFlags) throws IOException, InterruptedException {
        return start(jar, jvmFlags, Map.of());
    }

    /** {@code env}: more settings as {@code GOFER_*} variables (e.g. the object store). */
    static GoferProcess start(Path jar, List<String> jvmFlags, Map<String, String> env) throws IOException, InterruptedException {
        return start(jar, jvmFlags, env, Files.createTempDirectory("gofer-bench-data"));
    }

    /** On a data dir that may hold a previous server's state (see {@link #restart}). */
    static GoferProcess start(Path jar, List<String> jvmFlags, Map<String, String> env, Path dataDir)
            throws IOException, InterruptedException {
        return launch(javaCommand(jar, jvmFlags), env, dataDir);
    }

    /** {@code java <flags> -jar <jar>}: what follows are the program's arguments. */
    static List<String> javaCommand(Path jar, List<String> jvmFlags) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-jar", jar.toString()));
        return cmd;
    }

    static GoferProcess launch(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        return launch(command, env, Files.createTempDirectory("gofer-bench-data"));
    }

    /**
     * Starts {@code command service start ...} ({@code command}: {@link #javaCommand} or the {@code ./gofer}
     * launcher, which execs java in the same process) and returns once {@code GET /api/system/metadata} answers 200.
     */
    static GoferProcess launch(List<String> command, Map<String, String> env, Path dataDir) throws IOException, InterruptedException {
        int port = freePort();
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of("service", "start", "--port", Integer.toString(port),
                "--data-dir", dataDir.toString(), "--task-stop-timeout", Integer.toString(TASK_STOP_TIMEOUT_SECONDS),
                "--extension-port", Integer.toString(freePort()), "--install-std-extensions", "false"));
        Path output = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("GOFER_ENCRYPTION_KEY", TEST_KEY);
        pb.environment().putAll(env);
        long startedNanos = System.nanoTime();
        GoferProcess gofer = new GoferProcess(pb.start(), startedNanos, port, dataDir, output);
        gofer.answeredNanos = gofer.awaitAnswer(Duration.ofSeconds(60));
        return gofer;
    }

    /** Polls every 5 ms; returns the nanoTime of the first 200. */
    private long awaitAnswer(Duration bound) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("gofer exited at start:\n" + Files.readString(output));
            }
            try {
                if (get("/api/system/metadata").statusCode() == 200) {
                    return System.nanoTime();
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gofer did not answer within " + bound + ":\n" + Files.readString(output));
            }
            Thread.sleep(5);
        }
    }

    /** The root token of this fresh server. */
    void bootstrap() throws IOException, InterruptedException {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri("/api/tokens/bootstrap"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        expect(res, 201);
        token = JSON.readTree(res.body()).get("secret").asText();
    }

    /** Registers the config and deploys it (version 1 of a new pipeline). */
    void deploy(String pipeline, Map<String, Object> config) throws IOException, InterruptedException {
        String base = "/api/namespaces/default/pipelines/" + pipeline + "/configs";
        HttpResponse<String> reg = post(base, JSON.writeValueAsString(Map.of("config", config)));
        expect(reg, 201);
        long version = JSON.readTree(reg.body()).at("/pipeline/config/version").asLong();
        expect(post(base + "/" + version, ""), 200, 201, 204);
    }

    /** {@code POST .../runs}; returns the run id. */
    long startRun(String pipeline) throws IOException, InterruptedException {
        HttpResponse<String> res = post(runs(pipeline), "");
        expect(res, 201);
        return JSON.readTree(res.body()).get("run").get("run_id").asLong();
    }

    void cancelRun(String pipeline, long run) throws IOException, InterruptedException {
        expect(delete(runs(pipeline) + "/" + run), 200, 204, 409);
    }

    JsonNode task(String pipeline, long run, String task) throws IOException, InterruptedException {
        HttpResponse<String> res = get(runs(pipeline) + "/" + run + "/tasks/" + task);
        expect(res, 200);
        return JSON.readTree(res.body()).get("task_execution");
    }

    static String runs(String pipeline) {
        return "/api/namespaces/default/pipelines/" + pipeline + "/runs";
    }

    /** The API token the benchmark acts with (null before {@code bootstrap}). */
    String token() {
        return token;
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(request(path).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return http.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    static void expect(HttpResponse<String> res, int... codes) {
        for (int c : codes) {
            if (res.statusCode() == c) {
                return;
            }
        }
        throw new IllegalStateException(res.request().method() + " " + res.request().uri().getPath() + " answered "
                + res.statusCode() + ": " + res.body());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    long pid() {
        return process.pid();
    }

    /** Labels of this server's task containers (see ServerSettings.instanceId). */
    Map<String, String> containerLabels() {
        return Map.of("gofer.instance", String.format("%08x", dataDir.toAbsolutePath().normalize().toString().hashCode()));
    }

    /** VmRSS of the server process, MB. */
    double rssMb() throws IOException {
        return ProcStat.rssKb(pid()) / 1024.0;
    }

    /** Java heap still in use after a full GC, MB: what a leak would grow. */
    double heapAfterGcMb() throws IOException, InterruptedException {
        jcmd("GC.run");
        // G1 prints one "garbage-first heap total ..K, used ..K" line; the serial and parallel collectors one per
        // generation ("def new generation", "tenured generation", ...): the heap is their sum
        String info = jcmd("GC.heap_info");
        var used = java.util.regex.Pattern.compile("(?m)^\\s*\\S.*(?:heap|generation|Gen)\\s+total \\d+K, used (\\d+)K").matcher(info);
        long kb = 0;
        boolean found = false;
        while (used.find()) {
            kb += Long.parseLong(used.group(1));
            found = true;
        }
        if (!found) {
            throw new IllegalStateException("jcmd GC.heap_info: no 'used' figure in:\n" + info);
        }
        return kb / 1024.0;
    }

    /** Runs {@code jcmd <pid> args...} (JFR, GC) and returns its output. */
    String jcmd(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid())));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Stops this process, keeping its data dir, and starts the jar again on it with {@code env}; the new process
     * has this one's token.
     */
    GoferProcess restart(Path jar, List<String> jvmFlags, Map<String, String> env) throws IOException, InterruptedException {
        stop();
        Files.deleteIfExists(output);
        GoferProcess next = start(jar, jvmFlags, env, dataDir);
        next.token = token;
        return next;
    }

    /** SIGTERM (SIGKILL after 30 s); the data dir stays. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #stop}, then the data dir goes. */
    @Override
    public void close() throws IOException {
        stop();
        deleteTree(dataDir);
        Files.deleteIfExists(output);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
