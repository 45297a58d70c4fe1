package dev.gofer.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.it.GoferTestServer;
import dev.gofer.it.GoferTestServer.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cron and webhook extensions as real containers: settings validation, and signed external events. */
class CronAndWebhookExtensionTest {
    private static final String SECRET = "s3cret-webhook-key";
    private static GoferTestServer gofer;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void setUp() {
        GoferTestServer.requireDocker();
        String cron = ExtensionImages.build("extensions/cron");
        String webhook = ExtensionImages.build("extensions/webhook");
        gofer = GoferTestServer.start();
        gofer.deploy(new JsonObject().put("id", "hooked").put("name", "hooked").put("tasks", new JsonArray().add(
                new JsonObject().put("id", "echo").put("image", GoferTestServer.IMAGE)
                        .put("command", new JsonArray().add("sh").add("-c").add("echo ref=$REF repo=$REPO")))));
        for (Map.Entry<String, String> ext : Map.of("cron", cron, "webhook", webhook).entrySet()) {
            Response r = gofer.post("/api/extensions", new JsonObject().put("id", ext.getKey()).put("image", ext.getValue()).encode());
            assertEquals(201, r.status(), r.body());
        }
    }

    @AfterAll
    static void tearDown() {
        if (gofer != null) {
            gofer.delete("/api/extensions/cron");
            gofer.delete("/api/extensions/webhook");
            gofer.close();
        }
        ExtensionImages.removeAll();
    }

    private static String subs() {
        return GoferTestServer.pipelines("default") + "/hooked/subscriptions";
    }

    private static Response subscribe(String extension, String label, JsonObject settings) {
        return gofer.post(subs(), new JsonObject().put("extension_id", extension).put("subscription_id", label)
                .put("settings", settings).encode());
    }

    @Test
    void cronRefusesBadExpressionsAndZonesNamingTheSettingAndStoresNothing() {
        Response bad = subscribe("cron", "nightly", new JsonObject().put("expression", "61 * * * *"));
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.json().getString("message").contains("setting 'expression'"), bad.body());
        assertTrue(bad.json().getString("message").contains("minute"), bad.body());
        Response zone = subscribe("cron", "nightly", new JsonObject().put("expression", "@daily").put("time_zone", "Mars/Olympus"));
        assertEquals(400, zone.status(), zone.body());
        assertTrue(zone.json().getString("message").contains("'time_zone'"), zone.body());
        assertEquals(0, gofer.get("/api/extensions/cron/subscriptions").json().getJsonArray("subscriptions").size());

        Response good = subscribe("cron", "nightly", new JsonObject().put("expression", "0 3 * * MON-FRI").put("time_zone", "Europe/Berlin"));
        assertEquals(201, good.status(), good.body());
        assertEquals(409, subscribe("cron", "nightly", new JsonObject().put("expression", "@daily")).status());
        assertEquals(204, gofer.delete(subs() + "/cron/nightly").status());
    }

    @Test
    void cronStartsARunAtTheNextMinuteWithTheScheduledTime() {
        java.time.OffsetDateTime subscribed = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
        Response sub = subscribe("cron", "every-minute", new JsonObject().put("expression", "* * * * *"));
        assertEquals(201, sub.status(), sub.body());
        try {
            JsonObject run = awaitCronRun(java.time.Instant.now().plusSeconds(90));
            Map<String, String> vars = run.getJsonArray("variables").stream().map(JsonObject.class::cast)
                    .collect(Collectors.toMap(v -> v.getString("key"), v -> v.getString("value")));
            assertEquals("* * * * *", vars.get("GOFER_EXTENSION_CRON_EXPRESSION"), run.encode());
            java.time.OffsetDateTime scheduled = java.time.OffsetDateTime.parse(vars.get("GOFER_EXTENSION_CRON_SCHEDULED"));
            assertEquals(0, scheduled.getSecond(), "fires on the minute: " + scheduled);
            assertTrue(scheduled.isAfter(subscribed), scheduled + " after " + subscribed);
            assertEquals("cron (extension)", run.getJsonObject("initiator").getString("user"));
        } finally {
            assertEquals(204, gofer.delete(subs() + "/cron/every-minute").status());
        }
    }

    @Test
    void aSignedWebhookStartsARunWithTheBodyFieldsAndBadSignaturesStartNothing() throws Exception {
        Response sub = subscribe("webhook", "push", new JsonObject().put("path", "deploy").put("secret", SECRET)
                .put("variables", "REF=ref,REPO=repository.full_name"));
        assertEquals(201, sub.status(), sub.body());
        assertFalse(sub.body().contains(SECRET), "the webhook secret is never shown: " + sub.body());

        String body = new JsonObject().put("ref", "refs/heads/main")
                .put("repository", new JsonObject().put("full_name", "acme/app")).encode();
        int before = runs();
        assertEquals(403, post("deploy", body, null).statusCode(), "unsigned");
        assertEquals(403, post("deploy", body, "sha256=" + hmac("another-secret", body)).statusCode(), "wrong secret");
        assertEquals(403, post("deploy", body + " ", "sha256=" + hmac(SECRET, body)).statusCode(), "body changed after signing");
        assertEquals(404, post("nowhere", body, "sha256=" + hmac(SECRET, body)).statusCode(), "no subscription on that path");
        assertEquals(404, gofer.post("/api/external/not-installed", body).status(), "unknown extension");
        assertEquals(before, runs(), "refused calls started runs");

        HttpResponse<String> ok = post("deploy", body, "sha256=" + hmac(SECRET, body));
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(before + 1, runs());
        long runId = new JsonObject(ok.body()).getJsonArray("runs").getString(0).split("#")[1].transform(Long::parseLong);
        JsonObject run = gofer.awaitRun("hooked", runId, Duration.ofSeconds(60));
        assertEquals("successful", run.getString("status"), run.encodePrettily());
        Map<String, String> vars = run.getJsonArray("variables").stream().map(JsonObject.class::cast)
                .peek(v -> assertEquals("extension", v.getString("source")))
                .collect(Collectors.toMap(v -> v.getString("key"), v -> v.getString("value")));
        assertEquals(Map.of("REF", "refs/heads/main", "REPO", "acme/app", "GOFER_WEBHOOK_PATH", "deploy"), vars);
        assertEquals("webhook (extension)", run.getJsonObject("initiator").getString("user"));
        assertTrue(gofer.logs("hooked", runId, "echo").contains("ref=refs/heads/main repo=acme/app"));
        assertEquals(204, gofer.delete(subs() + "/webhook/push").status());
    }

    @Test
    void aWebhookSecretCanComeFromTheSecretStoreAndAMissingOneStoresNothing() throws Exception {
        String secretValue = "from-the-secret-store-" + System.nanoTime();
        Response missing = subscribe("webhook", "stored", new JsonObject().put("path", "stored")
                .put("secret", "pipeline_secret{{HOOK_SECRET}}"));
        assertEquals(400, missing.status(), missing.body());
        assertTrue(missing.json().getString("message").contains("settings.secret"), missing.body());
        assertTrue(missing.json().getString("message").contains("HOOK_SECRET"), missing.body());
        assertEquals(404, gofer.get(subs() + "/webhook/stored").status(), "nothing stored");
        Response objectPlaceholder = subscribe("webhook", "stored", new JsonObject().put("path", "stored")
                .put("secret", "pipeline_object{{HOOK_SECRET}}"));
        assertEquals(400, objectPlaceholder.status(), objectPlaceholder.body());
        assertTrue(objectPlaceholder.json().getString("message").contains("settings.secret"), objectPlaceholder.body());

        assertEquals(201, gofer.post(GoferTestServer.pipelines("default") + "/hooked/secrets", new JsonObject()
                .put("key", "HOOK_SECRET").put("content", secretValue).encode()).status());
        Response sub = subscribe("webhook", "stored", new JsonObject().put("path", "stored")
                .put("secret", "pipeline_secret{{HOOK_SECRET}}"));
        assertEquals(201, sub.status(), sub.body());
        assertFalse(gofer.get(subs() + "/webhook/stored").body().contains(secretValue));

        String body = new JsonObject().put("ref", "refs/heads/stored").encode();
        assertEquals(403, post("stored", body, "sha256=" + hmac("pipeline_secret{{HOOK_SECRET}}", body)).statusCode(),
                "the extension got the secret's value, not the placeholder");
        HttpResponse<String> ok = post("stored", body, "sha256=" + hmac(secretValue, body));
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(204, gofer.delete(subs() + "/webhook/stored").status());

        String events = gofer.get("/api/events?history=true&follow=false").body();
        assertTrue(events.contains("\"installed_extension\":{\"id\":\"webhook\""), events);
        assertTrue(events.contains("\"pipeline_extension_subscription_registered\":{\"namespace_id\":\"default\","
                + "\"pipeline_id\":\"hooked\",\"extension_id\":\"webhook\",\"subscription_id\":\"stored\"}"), events);
        assertTrue(events.contains("\"pipeline_extension_subscription_unregistered\":{\"namespace_id\":\"default\","
                + "\"pipeline_id\":\"hooked\",\"extension_id\":\"webhook\",\"subscription_id\":\"stored\"}"), events);
        assertFalse(events.contains(secretValue));
    }

    /** Polls the pipeline's runs (a cron run comes within a minute) until one started by the cron extension shows up. */
    private static JsonObject awaitCronRun(java.time.Instant deadline) {
        while (java.time.Instant.now().isBefore(deadline)) {
            JsonArray runs = gofer.get(GoferTestServer.pipelines("default") + "/hooked/runs?limit=1000").json().getJsonArray("runs");
            for (Object r : runs) {
                JsonObject run = (JsonObject) r;
                if ("extension:cron".equals(run.getJsonObject("initiator").getString("id"))) {
                    return run;
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no run started by the cron extension before " + deadline);
    }

    private static int runs() {
        return gofer.get(GoferTestServer.pipelines("default") + "/hooked/runs?limit=1000").json().getJsonArray("runs").size();
    }

    private static HttpResponse<String> post(String path, String body, String signature) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(gofer.url("/api/external/webhook/" + path)))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            req.header("X-Hub-Signature-256", signature);
        }
        return HTTP.send(req.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
