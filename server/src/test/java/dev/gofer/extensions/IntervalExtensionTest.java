package dev.gofer.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.ServerSettings;
import dev.gofer.it.GoferTestServer;
import dev.gofer.it.GoferTestServer.Response;
import dev.gofer.proto.ExtensionEnvironment;
import dev.gofer.proto.GrpcCallException;
import dev.gofer.proto.KeyedGrpc;
import dev.gofer.proto.extension.v1.ExtensionGrpcClient;
import com.google.protobuf.ByteString;
import dev.gofer.proto.extension.v1.DeleteValueRequest;
import dev.gofer.proto.extension.v1.ExtensionHostGrpcClient;
import dev.gofer.proto.extension.v1.GetValueRequest;
import dev.gofer.proto.extension.v1.ListKeysRequest;
import dev.gofer.proto.extension.v1.PutValueRequest;
import dev.gofer.proto.extension.v1.InfoRequest;
import dev.gofer.proto.extension.v1.StartRunRequest;
import dev.gofer.testing.Futures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The interval extension as a real container talking real gRPC over the Docker bridge: runs started on a
 * timer, keys enforced both ways, supervision after the container is killed, bad settings refused.
 */
class IntervalExtensionTest {
    private static String image;
    private static GoferTestServer gofer;
    private static GrpcClient grpc;

    @BeforeAll
    static void setUp() {
        GoferTestServer.requireDocker();
        image = ExtensionImages.build("extensions/interval");
        gofer = GoferTestServer.start();
        grpc = GrpcClient.client(gofer.vertx());
        gofer.deploy(new JsonObject().put("id", "tick").put("name", "tick").put("tasks", new JsonArray().add(
                new JsonObject().put("id", "echo").put("image", GoferTestServer.IMAGE)
                        .put("command", new JsonArray().add("echo").add("tick")))));
        Response installed = gofer.post("/api/extensions", new JsonObject().put("id", "interval").put("image", image)
                .put("settings", new JsonObject().put("min_interval", "1s")).encode());
        assertEquals(201, installed.status(), installed.body());
        JsonObject ext = installed.json().getJsonObject("extension");
        assertEquals("running", ext.getString("state"), ext.encodePrettily());
        assertTrue(ext.getJsonObject("documentation").encode().contains("\"every\""), ext.encodePrettily());
        assertFalse(installed.body().contains(ExtensionEnvironment.KEY), "the key is never shown");
    }

    @AfterAll
    static void tearDown() {
        if (gofer != null) {
            Response gone = gofer.delete("/api/extensions/interval");
            gofer.close();
            assertEquals(204, gone.status(), gone.body());
        }
        ExtensionImages.removeAll();
    }

    private static String containerName() {
        return "gofer_" + ServerSettings.forDataDir(gofer.dataDir, 0).instanceId() + "_extension_interval";
    }

    private static int runCount() {
        return gofer.get(GoferTestServer.pipelines("default") + "/tick/runs?limit=1000").json().getJsonArray("runs").size();
    }

    private static void await(String what, Duration deadline, BooleanSupplier done) {
        Instant end = Instant.now().plus(deadline);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError(what + " did not happen within " + deadline + "; extension: "
                        + gofer.get("/api/extensions/interval").body() + "\nlogs:\n" + gofer.get("/api/extensions/interval/logs").body());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static String subs() {
        return GoferTestServer.pipelines("default") + "/tick/subscriptions";
    }

    @Test
    void everySecondStartsRunsUntilUnsubscribedAndSurvivesAKill() {
        Response sub = gofer.post(subs(), new JsonObject().put("extension_id", "interval").put("subscription_id", "fast")
                .put("settings", new JsonObject().put("every", "1s")).encode());
        assertEquals(201, sub.status(), sub.body());
        assertEquals("active", sub.json().getJsonObject("subscription").getString("status"));
        await("2 runs within 6 s of subscribing", Duration.ofSeconds(6), () -> runCount() >= 2);

        JsonObject run = gofer.run("tick", 1);
        assertEquals("interval (extension)", run.getJsonObject("initiator").getString("user"), run.encodePrettily());
        JsonObject every = run.getJsonArray("variables").stream().map(JsonObject.class::cast)
                .filter(v -> v.getString("key").equals("GOFER_EXTENSION_INTERVAL_EVERY")).findFirst().orElseThrow();
        assertEquals("extension", every.getString("source"));
        assertEquals("1s", every.getString("value"));

        // kill the container: supervision restarts it and re-sends the subscription, with no manual step
        String oldKey = containerKey();
        assertEquals(200, gofer.as(oldKey).get("/api/extensions/interval/objects").status(), "the key is an API token");
        ExtensionImages.docker("kill", containerName());
        await("the extension to be noticed as exited and restarted", Duration.ofSeconds(60), () -> {
            JsonObject ext = gofer.get("/api/extensions/interval").json().getJsonObject("extension");
            return ext.getInteger("restarts") >= 1 && "running".equals(ext.getString("state"));
        });
        assertEquals(401, gofer.as(oldKey).get("/api/extensions/interval/objects").status(), "the dead container's key is revoked");
        assertFalse(oldKey.equals(containerKey()), "a fresh key for the new container");
        int afterRestart = runCount();
        await("runs to start again after the restart", Duration.ofSeconds(10), () -> runCount() >= afterRestart + 2);
        assertTrue(gofer.get("/api/extensions/interval/logs").body().contains("subscribed default/tick/fast"));

        Response unsub = gofer.delete(subs() + "/interval/fast");
        assertEquals(204, unsub.status(), unsub.body());
        // a run already being started may still land; after that nothing more may come
        int settled = runCount() + 1;
        Instant quiet = Instant.now().plusSeconds(3);
        while (Instant.now().isBefore(quiet)) {
            assertTrue(runCount() <= settled, "runs kept starting after unsubscribe");
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        assertEquals(0, gofer.get(subs()).json().getJsonArray("subscriptions").size());
    }

    @Test
    void debugTellsWhatGoferKnowsButNeverTheKeyOrSettings() {
        Response sub = gofer.post(subs(), new JsonObject().put("extension_id", "interval").put("subscription_id", "debugged")
                .put("settings", new JsonObject().put("every", "1h")).encode());
        assertEquals(201, sub.status(), sub.body());
        try {
            Response debug = gofer.get("/api/extensions/interval/debug");
            assertEquals(200, debug.status(), debug.body());
            JsonObject body = debug.json();
            String container = ExtensionImages.docker("inspect", "-f", "{{.Id}}", containerName()).trim();
            assertEquals(container, body.getString("container_id"), "the container it runs in");
            assertEquals("running", body.getString("state"));
            assertEquals(image, body.getString("image"));
            assertTrue(body.getInteger("restarts") >= 0);
            JsonObject subscription = body.getJsonArray("subscriptions").stream().map(JsonObject.class::cast)
                    .filter(s -> s.getString("subscription_id").equals("debugged")).findFirst().orElseThrow();
            assertEquals("active", subscription.getString("status"));
            String info = body.getString("info");
            assertTrue(info.contains("extension interval") && info.contains("running") && info.contains(container)
                    && info.contains("default/tick debugged: active"), info);

            String key = containerKey();
            assertFalse(debug.body().contains(key), "the key is never shown");
            assertFalse(debug.body().contains("settings") || debug.body().contains("min_interval") || debug.body().contains("1h"),
                    "no settings at all (they may hold secrets): " + debug.body());
            assertEquals(404, gofer.get("/api/extensions/nope/debug").status());
            assertEquals(List.of(), dev.gofer.it.OpenApiSchema.load().validateBody(debug.body(), "DebugResponse"), "the contract's DebugResponse");
        } finally {
            assertEquals(204, gofer.delete(subs() + "/interval/debugged").status());
        }
    }

    @Test
    void responsesConformToTheContract() {
        dev.gofer.it.OpenApiSchema contract = dev.gofer.it.OpenApiSchema.load();
        java.util.List<String> violations = new java.util.ArrayList<>();
        java.util.function.BiConsumer<Response, String> check = (res, schema) -> {
            assertTrue(res.status() / 100 == 2, res.body());
            contract.validateBody(res.body(), schema).forEach(v -> violations.add(schema + ": " + v));
        };
        check.accept(gofer.get("/api/extensions"), "ListExtensionsResponse");
        check.accept(gofer.get("/api/extensions/interval"), "GetExtensionResponse");
        check.accept(gofer.post(subs(), new JsonObject().put("extension_id", "interval").put("subscription_id", "contract")
                .put("settings", new JsonObject().put("every", "1h")).encode()), "CreateSubscriptionResponse");
        check.accept(gofer.get(subs()), "ListSubscriptionsResponse");
        check.accept(gofer.get(subs() + "/interval/contract"), "GetSubscriptionResponse");
        check.accept(gofer.get("/api/extensions/interval/subscriptions"), "ListExtensionSubscriptionsResponse");
        assertEquals(204, gofer.delete(subs() + "/interval/contract").status());
        assertEquals(java.util.List.of(), violations);
    }

    @Test
    void invalidSettingsAreRefusedNamingTheSettingAndNothingIsStored() {
        for (String every : new String[] {"500ms", "soon"}) {
            Response bad = gofer.post(subs(), new JsonObject().put("extension_id", "interval").put("subscription_id", "bad")
                    .put("settings", new JsonObject().put("every", every)).encode());
            assertEquals(400, bad.status(), bad.body());
            assertTrue(bad.json().getString("message").contains("'every'"), bad.body());
        }
        Response missing = gofer.post(subs(), new JsonObject().put("extension_id", "interval").put("subscription_id", "bad").encode());
        assertEquals(400, missing.status(), missing.body());
        assertTrue(missing.json().getString("message").contains("'every' is required"), missing.body());
        Response list = gofer.get(subs());
        assertTrue(list.json().getJsonArray("subscriptions").stream()
                .noneMatch(s -> ((JsonObject) s).getString("subscription_id").equals("bad")), list.body());
        Response noExtension = gofer.post(subs(), new JsonObject().put("extension_id", "nope").put("subscription_id", "x").encode());
        assertEquals(404, noExtension.status(), noExtension.body());
    }

    @Test
    void callsWithoutTheRightKeyAreRefusedBothWays() throws Exception {
        String url = gofer.get("/api/extensions/interval").json().getJsonObject("extension").getString("url");
        URI uri = URI.create(url);
        SocketAddress extension = SocketAddress.inetSocketAddress(uri.getPort(), uri.getHost());
        for (String key : new String[] {null, "wrong-key"}) {
            GrpcCallException e = refused(KeyedGrpc.call(grpc, extension, ExtensionGrpcClient.Info, key,
                    InfoRequest.getDefaultInstance(), Duration.ofSeconds(10)));
            assertEquals(GrpcStatus.UNAUTHENTICATED, e.status(), "Info with key " + key);
        }

        SocketAddress host = SocketAddress.inetSocketAddress(gofer.extensionPort(), "127.0.0.1");
        StartRunRequest start = StartRunRequest.newBuilder().setNamespaceId("default").setPipelineId("tick").setSubscriptionId("fast").build();
        for (String key : new String[] {null, "wrong-key"}) {
            GrpcCallException e = refused(KeyedGrpc.call(grpc, host, ExtensionHostGrpcClient.StartRun, key, start, Duration.ofSeconds(10)));
            assertEquals(GrpcStatus.UNAUTHENTICATED, e.status(), "StartRun with key " + key);
        }

        // with the extension's real key (read from its container, as only it would know it): not subscribed → denied
        String key = containerKey();
        StartRunRequest other = StartRunRequest.newBuilder().setNamespaceId("default").setPipelineId("tick").setSubscriptionId("never").build();
        GrpcCallException denied = refused(KeyedGrpc.call(grpc, host, ExtensionHostGrpcClient.StartRun, key, other, Duration.ofSeconds(10)));
        assertEquals(GrpcStatus.PERMISSION_DENIED, denied.status(), denied.getMessage());
        assertFalse(gofer.get("/api/extensions").body().contains(key), "the key is never shown by the API");

        // the key is also an API token with a narrow role: this extension and its objects, nothing else
        GoferTestServer asExtension = gofer.as(key);
        assertEquals(200, asExtension.get("/api/extensions/interval").status());
        assertEquals(200, asExtension.get("/api/extensions/interval/objects").status());
        for (String path : List.of("/api/extensions", "/api/extensions/cron/objects", "/api/namespaces", "/api/tokens", "/api/events",
                GoferTestServer.pipelines("default") + "/tick/runs")) {
            assertEquals(403, asExtension.get(path).status(), path);
        }
        assertEquals(403, asExtension.post(GoferTestServer.pipelines("default") + "/tick/runs", "{}").status(), "REST run starts");
        JsonObject listed = gofer.get("/api/tokens").json().getJsonArray("tokens").stream().map(JsonObject.class::cast)
                .filter(t -> t.getString("user").equals("extension:interval")).findFirst().orElseThrow();
        assertEquals(new JsonArray().add("extension-token"), listed.getJsonArray("roles"));
        assertFalse(gofer.get("/api/tokens").body().contains(key));
        String apiUrl = env(ExtensionEnvironment.API_URL);
        assertTrue(apiUrl.matches("http://[0-9.]+:" + gofer.port()), "extensions are told where the API is: " + apiUrl);
        String goferHost = env(ExtensionEnvironment.GOFER_HOST);
        assertTrue(goferHost.matches("[0-9.]+:" + gofer.extensionPort()), "and where ExtensionHost is: " + goferHost);
        assertEquals("0.0.0.0:8082", env(ExtensionEnvironment.BIND_ADDRESS));
        assertEquals("interval", env(ExtensionEnvironment.ID));
        assertEquals("1s", env(ExtensionEnvironment.settingVariable("min_interval")));
        assertTrue(envNames().stream().noneMatch(n -> n.equals("GOFER_HOST") || n.equals("GOFER_EXTENSION_PORT")),
                "GOFER_HOST is the CLI's API URL and GOFER_EXTENSION_PORT the server's setting: " + envNames());

        // its own key-value store: refused without the key, kept as the extension's objects with it
        PutValueRequest put = PutValueRequest.newBuilder().setKey("last-tick").setValue(ByteString.copyFromUtf8("42")).build();
        assertEquals(GrpcStatus.UNAUTHENTICATED, refused(KeyedGrpc.call(grpc, host, ExtensionHostGrpcClient.PutValue, "wrong-key", put,
                Duration.ofSeconds(10))).status());
        assertEquals(404, gofer.get("/api/extensions/interval/objects/last-tick").status(), "a refused put stores nothing");
        Futures.await(KeyedGrpc.call(grpc, host, ExtensionHostGrpcClient.PutValue, key, put, Duration.ofSeconds(10)));
        assertEquals("42", Futures.await(KeyedGrpc.call(grpc, host, ExtensionHostGrpcClient.GetValue, key,
                GetValueRequest.newBuilder().setKey("last-tick").build(), Duration.ofSeconds(10))).getValue().toStringUtf8());
        assertEquals(List.of("last-tick"), Futures.await(KeyedGrpc.call(grpc, host, ExtensionHostGrpcClient.ListKeys, key,
                ListKeysRequest.getDefaultInstance(), Duration.ofSeconds(10))).getKeysList());
        assertEquals("42", gofer.get("/api/extensions/interval/objects/last-tick").body(), "users see it as the extension's object");
        GrpcCallException badKey = refused(KeyedGrpc.call(grpc, host, ExtensionHostGrpcClient.PutValue, key,
                PutValueRequest.newBuilder().setKey("../escape").build(), Duration.ofSeconds(10)));
        assertEquals(GrpcStatus.INVALID_ARGUMENT, badKey.status(), badKey.getMessage());
        Futures.await(KeyedGrpc.call(grpc, host, ExtensionHostGrpcClient.DeleteValue, key,
                DeleteValueRequest.newBuilder().setKey("last-tick").build(), Duration.ofSeconds(10)));
        assertEquals(GrpcStatus.NOT_FOUND, refused(KeyedGrpc.call(grpc, host, ExtensionHostGrpcClient.GetValue, key,
                GetValueRequest.newBuilder().setKey("last-tick").build(), Duration.ofSeconds(10))).status());
        assertFalse(gofer.get("/api/extensions/interval/logs").body().contains(key), "the key is never logged");
    }

    /** What only the extension knows: read from its container's environment. */
    private static String containerKey() {
        return env(ExtensionEnvironment.KEY);
    }

    private static String env(String name) {
        return containerEnv().lines().filter(l -> l.startsWith(name + "=")).findFirst().orElseThrow().substring(name.length() + 1);
    }

    private static List<String> envNames() {
        return containerEnv().lines().filter(l -> l.contains("=")).map(l -> l.substring(0, l.indexOf('='))).toList();
    }

    private static String containerEnv() {
        return ExtensionImages.docker("inspect", "-f", "{{range .Config.Env}}{{println .}}{{end}}", containerName());
    }

    private static GrpcCallException refused(Future<?> call) throws InterruptedException {
        try {
            Object result = call.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            throw new AssertionError("call was served: " + result);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GrpcCallException g) {
                return g;
            }
            throw new AssertionError("expected a gRPC status, got " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer", e);
        }
    }
}
