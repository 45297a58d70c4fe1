package dev.gofer.it;

import dev.gofer.GoferServer;
import dev.gofer.metrics.ServerMetrics;
import dev.gofer.config.ServerSettings;
import dev.gofer.store.TestDatabases;
import dev.gofer.testing.Command;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Gofer server in this JVM (real SQLite, real Docker engine), and a small HTTP client for it. At start it
 * bootstraps a root (admin) token and sends it on every request; {@link #as} sends another token (or none).
 */
public final class GoferTestServer implements AutoCloseable {
    public static final String IMAGE = "busybox:latest";
    /**
     * Which store the suite runs on: {@code sqlite} (default) or {@code postgres}; Maven runs the
     * integration tests once per store (see the server pom).
     */
    public static final String STORE = System.getProperty("gofer.test.store", "sqlite");
    /** The store setting of the PostgreSQL schema this data dir's server uses (null on SQLite). */
    public String postgresStore() {
        return POSTGRES_SCHEMAS.get(dataDir);
    }

    /** One schema per data dir, so a restarted server (same data dir) finds its database again. */
    private static final Map<Path, String> POSTGRES_SCHEMAS = new java.util.concurrent.ConcurrentHashMap<>();
    /** The encryption key test servers run with (without one, a server makes a key file in its data dir). */
    public static final String TEST_KEY_HEX = "74657374206b6579206f6620676f6665722074657374732c206e6f7420736563";

    public record Response(int status, String body) {
        public JsonObject json() {
            return new JsonObject(body);
        }
    }

    private final Vertx vertx;
    private final GoferServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    public final Path dataDir;
    /** The root token's secret (admin); null in development mode. */
    public final String rootToken;
    /** The token requests send: the root token, unless this is a view made by {@link #as}. */
    private final String token;
    private final boolean owner;

    private GoferTestServer(Vertx vertx, GoferServer server, Path dataDir, String rootToken, String token, boolean owner) {
        this.owner = owner;
        this.vertx = vertx;
        this.server = server;
        this.dataDir = dataDir;
        this.rootToken = rootToken;
        this.token = token;
    }

    /** The same server, sending {@code token} (null = no Authorization header). Closing the view stops nothing. */
    public GoferTestServer as(String token) {
        return new GoferTestServer(vertx, server, dataDir, rootToken, token, false);
    }

    public static GoferTestServer start() {
        return start(null, settings -> settings);
    }

    /** {@code dataDir} null = a fresh temp dir. */
    public static GoferTestServer start(Path dataDir, java.util.function.UnaryOperator<ServerSettings> tweak) {
        try {
            Path dir = dataDir != null ? dataDir : Files.createTempDirectory("gofer-test");
            ServerSettings settings = ServerSettings.forDataDir(dir, 0).withTaskStopTimeout(Duration.ofSeconds(1))
                    .withEncryptionKey(dev.gofer.config.EncryptionKey.parse(TEST_KEY_HEX).orElseThrow());
            // as `gofer service start` does: with metrics_token set, Vert.x is built to report into the server's metrics
            ServerMetrics metrics = ServerMetrics.of(tweak.apply(settings));
            Vertx vertx = metrics.newVertx();
            if (STORE.equals("postgres")) {
                settings = settings.withStore(POSTGRES_SCHEMAS.computeIfAbsent(dir, d -> TestDatabases.newPostgresSchema(vertx)));
            }
            settings = tweak.apply(settings);
            GoferServer server = GoferServer.start(vertx, settings, metrics).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            String root = settings.developmentMode() ? null : rootToken(server, dir);
            return new GoferTestServer(vertx, server, dir, root, root, true);
        } catch (Exception e) {
            throw new AssertionError("Gofer server did not start: " + e, e);
        }
    }

    /**
     * Bootstraps once per data dir; a restarted server (same dir) reuses the secret kept next to the database
     * (test-only: a real server never writes a secret to disk).
     */
    private static String rootToken(GoferServer server, Path dir) throws IOException, InterruptedException {
        Path kept = dir.resolve("test-root-token");
        if (Files.exists(kept)) {
            return Files.readString(kept);
        }
        HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/api/tokens/bootstrap")).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 201) {
            throw new AssertionError("bootstrap failed: " + res.statusCode() + " " + res.body());
        }
        String secret = new JsonObject(res.body()).getString("secret");
        Files.writeString(kept, secret);
        return secret;
    }

    /** Every API route of the live router, as {@code "METHOD /path/template"}. */
    public java.util.List<String> apiRoutes() {
        return server.apiRoutes();
    }

    /** Tests run real containers: without a Docker engine and the busybox image they must fail, not skip. */
    public static void requireDocker() {
        Command.requireDockerImage(IMAGE);
    }

    public int port() {
        return server.port();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).GET());
    }

    /** Any method, with a JSON body (null = none). */
    public Response send(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)));
        if (body != null) {
            b.header("content-type", "application/json");
        }
        return send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response patch(String path, String body) {
        return send("PATCH", path, body);
    }

    /** Headers a raw HTTP request needs to act as this client's token. */
    public HttpRequest.Builder authorized(HttpRequest.Builder b) {
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).DELETE());
    }

    /** The port ExtensionHost (gRPC) listens on. */
    public int extensionPort() {
        return server.extensionPort();
    }

    public Response post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A raw body (objects), sent with its content-length. */
    public Response postBytes(String path, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private Response send(HttpRequest.Builder req) {
        try {
            HttpResponse<String> res = http.send(authorized(req.timeout(Duration.ofSeconds(60))).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(res.statusCode(), res.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("request failed: " + e, e);
        }
    }

    public static String pipelines(String ns) {
        return "/api/namespaces/" + ns + "/pipelines";
    }

    /** Registers the config and deploys the new version; returns the version. */
    public long deploy(JsonObject config) {
        return deploy("default", config);
    }

    public long deploy(String namespace, JsonObject config) {
        String base = pipelines(namespace) + "/" + config.getString("id");
        Response reg = post(base + "/configs", new JsonObject().put("config", config).encode());
        if (reg.status() != 201) {
            throw new AssertionError("register failed: " + reg);
        }
        long version = reg.json().getJsonObject("pipeline").getJsonObject("config").getLong("version");
        Response dep = post(base + "/configs/" + version, "");
        if (dep.status() != 201) {
            throw new AssertionError("deploy failed: " + dep);
        }
        return version;
    }

    public long startRun(String pipeline, Map<String, String> variables) {
        return startRun("default", pipeline, variables);
    }

    public long startRun(String namespace, String pipeline, Map<String, String> variables) {
        Response res = post(pipelines(namespace) + "/" + pipeline + "/runs",
                new JsonObject().put("variables", new JsonObject(Map.copyOf(variables))).encode());
        if (res.status() != 201) {
            throw new AssertionError("start run failed: " + res);
        }
        return res.json().getJsonObject("run").getLong("run_id");
    }

    public JsonObject run(String pipeline, long runId) {
        return get(pipelines("default") + "/" + pipeline + "/runs/" + runId).json().getJsonObject("run");
    }

    public Map<String, JsonObject> tasks(String pipeline, long runId) {
        JsonArray list = get(pipelines("default") + "/" + pipeline + "/runs/" + runId + "/tasks").json().getJsonArray("task_executions");
        Map<String, JsonObject> out = new java.util.LinkedHashMap<>();
        list.forEach(o -> out.put(((JsonObject) o).getString("task_id"), (JsonObject) o));
        return out;
    }

    public String logs(String pipeline, long runId, String task) {
        return get(pipelines("default") + "/" + pipeline + "/runs/" + runId + "/tasks/" + task + "/logs").body();
    }

    /** Polls (every 50 ms) until the run is complete; fails after the deadline. */
    public JsonObject awaitRun(String pipeline, long runId, Duration deadline) {
        return awaitRunState(pipeline, runId, r -> "complete".equals(r.getString("state")), deadline);
    }

    public JsonObject awaitRunState(String pipeline, long runId, Predicate<JsonObject> done, Duration deadline) {
        Instant end = Instant.now().plus(deadline);
        JsonObject run;
        do {
            run = run(pipeline, runId);
            if (done.test(run)) {
                return run;
            }
            pause();
        } while (Instant.now().isBefore(end));
        throw new AssertionError("run " + runId + " not done within " + deadline + ": " + run.encodePrettily()
                + "\ntasks: " + tasks(pipeline, runId));
    }

    public JsonObject awaitTask(String pipeline, long runId, String task, Predicate<JsonObject> done, Duration deadline) {
        Instant end = Instant.now().plus(deadline);
        JsonObject t;
        do {
            t = tasks(pipeline, runId).get(task);
            if (t != null && done.test(t)) {
                return t;
            }
            pause();
        } while (Instant.now().isBefore(end));
        throw new AssertionError("task " + task + " not as expected within " + deadline + ": " + t);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Containers this server started, carrying {@code label}, that still exist (running or not). */
    public int containersLabelled(String label) {
        return containersLabelled(label, "gofer.instance=" + ServerSettings.forDataDir(dataDir, 0).instanceId());
    }

    /**
     * Waits (polling, with a deadline) until no container of this server carries {@code label}: containers
     * are removed right after their task's end is stored, so just after a run completes one may still be there.
     */
    public void awaitNoContainers(String label) {
        Instant end = Instant.now().plusSeconds(30);
        int left;
        while ((left = containersLabelled(label)) > 0) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError(left + " container(s) labelled " + label + " still there after 30 s");
            }
            pause();
        }
    }

    /** Containers carrying every one of these labels, from any server. */
    public static int containersLabelled(String... labels) {
        return Command.containerIds(labels).size();
    }

    public Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() {
        if (!owner) {
            return;
        }
        try {
            server.close().compose(v -> vertx.close()).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("server did not stop cleanly: " + e, e);
        }
    }
}
