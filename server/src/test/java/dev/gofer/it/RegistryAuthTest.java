package dev.gofer.it;

import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Private registry credentials reach the Docker engine, with the password taken from the secret store. No real
 * registry can run here, so the registry is a few lines of HTTP that ask for Basic auth (as a registry does) and
 * record what the real engine sends; 127.0.0.1 registries are plain HTTP to Docker by default.
 */
class RegistryAuthTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static GoferTestServer gofer;
    private static HttpServer registry;
    private static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        GoferTestServer.requireDocker();
        gofer = GoferTestServer.start();
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            exchange.getResponseHeaders().add("Docker-Distribution-API-Version", "registry/2.0");
            if (auth == null) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"gofer-test\"");
                exchange.sendResponseHeaders(401, -1);
            } else {
                AUTHORIZATIONS.add(auth);
                byte[] body = "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"not here\"}]}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/v2/") ? 200 : 404, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        registry.start();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.stop(0);
        }
        if (gofer != null) {
            gofer.close();
        }
    }

    @Test
    void thePasswordComesFromTheSecretStoreReachesTheEngineAndIsNeverShown() {
        String password = "reg-" + UUID.randomUUID();
        String image = "127.0.0.1:" + registry.getAddress().getPort() + "/team/private:latest";
        gofer.deploy(pipeline("private-image",
                task("pull", "true").put("image", image)
                        .put("registry_auth", new JsonObject().put("user", "bot").put("pass", "pipeline_secret{{REGISTRY_PASS}}")),
                task("missing", "true").put("image", image)
                        .put("registry_auth", new JsonObject().put("user", "bot").put("pass", "pipeline_secret{{NOPE}}"))));
        GoferTestServer.Response put = gofer.post(GoferTestServer.pipelines("default") + "/private-image/secrets",
                new JsonObject().put("key", "REGISTRY_PASS").put("content", password).encode());
        assertEquals(201, put.status(), put.body());

        long run = gofer.startRun("private-image", Map.of());
        gofer.awaitRun("private-image", run, DEADLINE);
        Map<String, JsonObject> tasks = gofer.tasks("private-image", run);

        String expected = "Basic " + Base64.getEncoder().encodeToString(("bot:" + password).getBytes(StandardCharsets.UTF_8));
        assertTrue(AUTHORIZATIONS.contains(expected), "the engine sent the secret store's password: " + AUTHORIZATIONS.size() + " authorized calls");
        JsonObject pulled = tasks.get("pull");
        assertEquals("failed", pulled.getString("status"), pulled.encode());
        assertEquals("scheduler_error", pulled.getJsonObject("status_reason").getString("reason"), "the image is not there: " + pulled.encode());

        JsonObject missing = tasks.get("missing").getJsonObject("status_reason");
        assertEquals("failed_precondition", missing.getString("reason"));
        assertTrue(missing.getString("description").contains("registry_auth.pass") && missing.getString("description").contains("NOPE"),
                missing.encode());

        String shown = gofer.get(GoferTestServer.pipelines("default") + "/private-image/runs/" + run + "/tasks").body()
                + gofer.get(GoferTestServer.pipelines("default") + "/private-image/configs/1").body()
                + gofer.get("/api/events?history=true&follow=false").body();
        assertFalse(shown.contains(password), "the password is never shown");
    }
}
