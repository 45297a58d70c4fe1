package dev.gofer.it;

import java.util.List;

import java.util.HashMap;

import java.util.ArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.auth.Secrets;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens against a real server and SQLite file: hashing, bootstrap once, expiry, disable, roles, dev mode. */
class AuthTest {
    private static GoferTestServer gofer;

    @BeforeAll
    static void start() {
        gofer = GoferTestServer.start();
    }

    @AfterAll
    static void stop() {
        gofer.close();
    }

    @Test
    void theStoreHoldsOnlyTheSha256OfEachTokenNeverTheSecret() throws Exception {
        Tokens.Issued t = Tokens.withRole(gofer, "hash-check", Tokens.permission("read", "runs"));
        assertTrue(t.secret().length() >= 32, "secrets are long: " + t.secret().length());
        // every stored token row, as the database holds it (SQLite file or PostgreSQL schema)
        List<Map<String, String>> rows = new ArrayList<>();
        if (gofer.postgresStore() == null) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gofer.dataDir.resolve("gofer.db"));
                 ResultSet rs = c.createStatement().executeQuery("SELECT * FROM tokens")) {
                while (rs.next()) {
                    Map<String, String> row = new HashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnName(i), rs.getString(i));
                    }
                    rows.add(row);
                }
            }
        } else {
            String uri = gofer.postgresStore();
            io.vertx.pgclient.PgConnectOptions options = io.vertx.pgclient.PgConnectOptions.fromUri(uri.substring(0, uri.indexOf("?schema=")))
                    .setProperties(Map.of("search_path", uri.substring(uri.indexOf("?schema=") + 8)));
            io.vertx.sqlclient.Pool pool = io.vertx.pgclient.PgBuilder.pool().connectingTo(options).using(gofer.vertx()).build();
            try {
                for (io.vertx.sqlclient.Row r : pool.query("SELECT * FROM tokens").execute()
                        .toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    Map<String, String> row = new HashMap<>();
                    for (int i = 0; i < r.size(); i++) {
                        row.put(r.getColumnName(i), r.getValue(i) == null ? null : r.getValue(i).toString());
                    }
                    rows.add(row);
                }
            } finally {
                pool.close();
            }
        }
        for (Map<String, String> row : rows) {
            row.forEach((column, v) -> assertFalse(v != null && (v.contains(t.secret()) || v.contains(gofer.rootToken)),
                    "column " + column + " holds a secret in clear"));
            if (row.get("id").equals(t.tokenId())) {
                assertEquals(Secrets.hash(t.secret()), row.get("hash"));
            }
        }
        assertTrue(rows.size() >= 2);
        for (Path f : Files.list(gofer.dataDir).filter(p -> p.getFileName().toString().startsWith("gofer.db")).toList()) {
            assertFalse(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).contains(t.secret()),
                    f + " holds the secret");
        }
        String listed = gofer.get("/api/tokens").body();
        assertFalse(listed.contains(t.secret()) || listed.contains(Secrets.hash(t.secret())) || listed.contains("\"hash\""),
                "API answers carry neither secret nor hash: " + listed);
        String events = EventStreamTest.finite(gofer, "?history=true&follow=false").toString();
        assertFalse(events.contains(t.secret()) || events.contains(Secrets.hash(t.secret())), "events carry neither");
    }

    @Test
    void bootstrapWorksExactlyOnce() {
        GoferTestServer.Response again = gofer.as(null).post("/api/tokens/bootstrap", "");
        assertEquals(409, again.status(), again.body());
        assertTrue(again.body().contains("already issued"), again.body());
        JsonObject me = gofer.get("/api/tokens/whoami").json().getJsonObject("token");
        assertEquals(new JsonArray().add("admin"), me.getJsonArray("roles"));
        assertEquals(0L, me.getLong("expires"));
    }

    @Test
    void missingUnknownDisabledAndExpiredTokensGet401WithAReason() throws Exception {
        GoferTestServer.Response none = gofer.as(null).get("/api/namespaces");
        assertEquals(401, none.status());
        assertTrue(none.body().contains("Authorization: Bearer"), none.body());
        assertEquals("unauthorized", none.json().getString("error_code"));
        assertEquals(401, gofer.as("made-up").get("/api/namespaces").status());

        Tokens.Issued t = Tokens.withRole(gofer, "disable-check", Tokens.permission("read", "namespaces:.*"));
        assertEquals(200, gofer.as(t.secret()).get("/api/namespaces").status());
        assertEquals(204, gofer.patch("/api/tokens/" + t.tokenId(), "{\"disabled\": true}").status());
        GoferTestServer.Response disabled = gofer.as(t.secret()).get("/api/namespaces");
        assertEquals(401, disabled.status());
        assertTrue(disabled.body().contains("disabled"), disabled.body());
        assertTrue(gofer.get("/api/tokens/" + t.tokenId()).json().getJsonObject("token").getBoolean("disabled"));
        assertEquals(204, gofer.patch("/api/tokens/" + t.tokenId(), "{\"disabled\": false}").status());
        assertEquals(200, gofer.as(t.secret()).get("/api/namespaces").status());

        Tokens.Issued brief = Tokens.token(gofer, "disable-check", 1);
        JsonObject details = gofer.get("/api/tokens/" + brief.tokenId()).json().getJsonObject("token");
        assertEquals(details.getLong("created") + 1000, details.getLong("expires"));
        Instant end = Instant.now().plusSeconds(30);
        int status;
        do {
            status = gofer.as(brief.secret()).get("/api/namespaces").status();
        } while (status == 200 && Instant.now().isBefore(end) && pause());
        GoferTestServer.Response expired = gofer.as(brief.secret()).get("/api/namespaces");
        assertEquals(401, expired.status());
        assertTrue(expired.body().contains("expired"), expired.body());

        assertEquals(204, gofer.delete("/api/tokens/" + t.tokenId()).status());
        assertEquals(401, gofer.as(t.secret()).get("/api/namespaces").status());
        assertEquals(404, gofer.get("/api/tokens/" + t.tokenId()).status());
    }

    @Test
    void aTokenCannotHandOutRolesItDoesNotHold() {
        Tokens.Issued manager = Tokens.withRole(gofer, "token-manager", Tokens.permission("read,write,delete", "tokens"));
        GoferTestServer.Response escalate = gofer.as(manager.secret()).post("/api/tokens",
                "{\"user\": \"me\", \"roles\": [\"admin\"], \"expires\": 0}");
        assertEquals(403, escalate.status(), escalate.body());
        GoferTestServer.Response same = gofer.as(manager.secret()).post("/api/tokens",
                "{\"user\": \"helper\", \"roles\": [\"token-manager\"], \"expires\": 60}");
        assertEquals(201, same.status(), same.body());
        assertEquals(403, gofer.as(manager.secret()).patch("/api/tokens/" + whoami(gofer.rootToken), "{\"disabled\": true}").status(),
                "cannot disable the admin's token");
        assertEquals(403, gofer.as(manager.secret()).post("/api/roles", "{\"id\": \"mine\", \"description\": \"\", "
                + "\"permissions\": [{\"resources\": [\"all\"], \"actions\": [\"read\"]}]}").status(), "roles are for admins");
    }

    @Test
    void badTokenAndRoleRequestsNameTheField() {
        assertBad(gofer.post("/api/tokens", "{\"roles\": [\"user\"], \"expires\": 0}"), "user:");
        assertBad(gofer.post("/api/tokens", "{\"user\": \"x\", \"roles\": [], \"expires\": 0}"), "roles:");
        assertBad(gofer.post("/api/tokens", "{\"user\": \"x\", \"roles\": [\"no-such-role\"], \"expires\": 0}"), "no role 'no-such-role'");
        assertBad(gofer.post("/api/tokens", "{\"user\": \"x\", \"roles\": [\"user\"], \"expires\": -5}"), "expires:");
        assertBad(gofer.post("/api/roles", "{\"id\": \"Bad Id\", \"description\": \"\", \"permissions\": []}"), "id:");
        assertBad(gofer.post("/api/roles", "{\"id\": \"r1\", \"description\": \"\", \"permissions\": "
                + "[{\"resources\": [\"runz\"], \"actions\": [\"read\"]}]}"), "unknown resource 'runz'");
        assertBad(gofer.post("/api/roles", "{\"id\": \"r2\", \"description\": \"\", \"permissions\": "
                + "[{\"resources\": [\"namespaces:(\"], \"actions\": [\"read\"]}]}"), "not a valid regular expression");
        assertBad(gofer.post("/api/roles", "{\"id\": \"r3\", \"description\": \"\", \"permissions\": "
                + "[{\"resources\": [\"runs\"], \"actions\": [\"execute\"]}]}"), "read, write or delete");
        assertBad(gofer.patch("/api/roles/admin", "{\"description\": \"mine now\"}"), "system role");
        assertEquals(404, gofer.get("/api/roles/r1").status(), "a refused role is not created");
        assertBad(gofer.post("/api/tokens", "{\"user\": \"x\", \"roles\": [\"run-token\"], \"expires\": 0}"),
                "given only by Gofer");
        GoferTestServer.Response taken = gofer.post("/api/roles", "{\"id\": \"run-token\", \"description\": \"\", \"permissions\": "
                + "[{\"resources\": [\"all\"], \"actions\": [\"read\"]}]}");
        assertEquals(409, taken.status(), "no custom role can pose as the run token's: " + taken.body());
        assertBad(gofer.post("/api/tokens", "{\"user\": \"x\", \"roles\": [\"extension-token\"], \"expires\": 0}"),
                "given only by Gofer");
        assertEquals(List.of("admin", "user", "read-only", "run-token", "extension-token"), gofer.get("/api/roles").json().getJsonArray("roles").stream()
                .map(JsonObject.class::cast).filter(r -> r.getBoolean("system_role")).map(r -> r.getString("id")).toList());
    }

    @Test
    void aRunRecordsTheTokenThatStartedIt() {
        GoferTestServer.requireDocker();
        gofer.deploy(Pipelines.pipeline("initiated", Pipelines.task("t", "true")));
        Tokens.Issued runner = Tokens.withRole(gofer, "runner", Tokens.permission("read,write", "namespaces:^default$",
                "pipelines:^initiated$", "runs"));
        long run = gofer.as(runner.secret()).startRun("initiated", Map.of());
        JsonObject initiator = gofer.awaitRun("initiated", run, Duration.ofSeconds(90)).getJsonObject("initiator");
        assertEquals(runner.tokenId(), initiator.getString("id"));
        assertEquals("user-of-runner", initiator.getString("user"));
    }

    @Test
    void disabledPipelinesStartNothingUntilEnabled() {
        gofer.deploy(Pipelines.pipeline("switch", Pipelines.task("t", "true")));
        String p = GoferTestServer.pipelines("default") + "/switch";
        assertEquals(204, gofer.patch(p, "{\"state\": \"disabled\"}").status());
        assertEquals("disabled", gofer.get(p).json().getJsonObject("pipeline").getString("state"));
        GoferTestServer.Response refused = gofer.post(p + "/runs", "{}");
        assertEquals(503, refused.status(), refused.body());
        assertBad(gofer.patch(p, "{\"state\": \"paused\"}"), "state:");
        assertEquals(204, gofer.patch(p, "{\"state\": \"active\"}").status());
        assertEquals("active", gofer.get(p).json().getJsonObject("pipeline").getString("state"));
    }

    @Test
    void metadataSaysAuthIsOn() {
        assertEquals("enabled", gofer.as(null).get("/api/system/metadata").json().getString("auth"));
    }

    @Test
    void developmentModeTurnsAuthOffAndSaysSo() {
        try (GoferTestServer dev = GoferTestServer.start(null, s -> s.withDevelopmentMode(true))) {
            assertEquals("disabled (development mode)", dev.get("/api/system/metadata").json().getString("auth"));
            assertEquals(200, dev.as(null).get("/api/namespaces").status(), "no token needed");
            assertEquals("0", dev.as(null).get("/api/tokens/whoami").json().getJsonObject("token").getString("id"));
        }
    }

    private static String whoami(String secret) {
        String id = gofer.as(secret).get("/api/tokens/whoami").json().getJsonObject("token").getString("id");
        assertNotNull(id);
        return id;
    }

    private static void assertBad(GoferTestServer.Response res, String text) {
        assertEquals(400, res.status(), res.body());
        assertTrue(res.json().getString("message").contains(text), "'" + text + "' in: " + res.body());
    }

    private static boolean pause() {
        try {
            Thread.sleep(100); // polling the expiry; the deadline above bounds it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
