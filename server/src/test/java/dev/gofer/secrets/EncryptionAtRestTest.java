package dev.gofer.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.GoferServer;
import dev.gofer.config.EncryptionKey;
import dev.gofer.config.ServerSettings;
import dev.gofer.it.GoferTestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Secrets at rest (SQLite file), the key's lifecycle: required, development mode, wrong key. */
class EncryptionAtRestTest {
    private static final String PIPELINE_VALUE = "plain-Pipeline-Secret-9731";
    private static final String GLOBAL_VALUE = "plain-Global-Secret-5512";
    private static final EncryptionKey OTHER_KEY =
            EncryptionKey.parse("ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100").orElseThrow();

    @Test
    void theDatabaseNeverHoldsThePlaintextAndAWrongKeyIsAClearError() throws Exception {
        Path dir = Files.createTempDirectory("gofer-at-rest");
        try (GoferTestServer gofer = GoferTestServer.start(dir, s -> s.withStore("sqlite"))) {
            gofer.post(GoferTestServer.pipelines("default") + "/at-rest/configs", new JsonObject().put("config",
                    new JsonObject().put("id", "at-rest").put("name", "At rest").put("tasks", new JsonArray().add(
                            new JsonObject().put("id", "t").put("image", "busybox:latest")))).encode());
            assertEquals(201, gofer.post(GoferTestServer.pipelines("default") + "/at-rest/secrets",
                    new JsonObject().put("key", "PW").put("content", PIPELINE_VALUE).put("force", false).encode()).status());
            assertEquals(201, gofer.post("/api/secrets/global", new JsonObject().put("key", "G").put("content", GLOBAL_VALUE)
                    .put("namespaces", new JsonArray().add(".*")).put("force", false).encode()).status());
            assertEquals(PIPELINE_VALUE, gofer.get(GoferTestServer.pipelines("default") + "/at-rest/secrets/PW?include_secret=true")
                    .json().getString("secret"));
        }
        boolean rowsFound = false;
        List<Path> all;
        try (Stream<Path> files = Files.walk(dir)) {
            all = files.filter(Files::isRegularFile).toList();
        }
        for (Path f : all) {
            String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertFalse(content.contains(PIPELINE_VALUE) || content.contains(GLOBAL_VALUE), "plaintext found in " + f);
            rowsFound |= content.contains("default/at-rest");
        }
        assertTrue(rowsFound, "the secret rows should be in one of these files (else this test checks nothing): " + all);

        // another key cannot read them: the start is refused (the check value), never garbage or a 503 later
        AssertionError refused = assertThrows(AssertionError.class,
                () -> GoferTestServer.start(dir, s -> s.withStore("sqlite").withEncryptionKey(OTHER_KEY)).close());
        assertTrue(refused.getMessage().contains("does not match the secrets stored"), refused.getMessage());
        assertFalse(refused.getMessage().contains(PIPELINE_VALUE));
    }

    @Test
    void withoutAKeyTheFirstStartMakesTheKeyFileAndSaysSoOnce() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Path dir = Files.createTempDirectory("gofer-no-key");
        try {
            GoferTestServer.start(dir, s -> s.withEncryptionKey(null)).close();
            GoferTestServer.start(dir, s -> s.withEncryptionKey(null)).close();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        String line = "generated the encryption key for secrets at " + dir.resolve("encryption.key");
        assertEquals(1, log.split(java.util.regex.Pattern.quote(line), -1).length - 1, log);
        assertTrue(log.contains("losing it loses every secret"), log);
    }

    @Test
    void developmentModeStartsWithoutAKeyAndWarnsLoudly() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (GoferTestServer dev = GoferTestServer.start(null, s -> s.withEncryptionKey(null).withDevelopmentMode(true))) {
            System.setErr(original);
            assertTrue(captured.toString(StandardCharsets.UTF_8).contains("DEVELOPMENT MODE"), captured.toString(StandardCharsets.UTF_8));
            assertEquals(201, dev.post("/api/secrets/global", new JsonObject().put("key", "K").put("content", "v")
                    .put("namespaces", new JsonArray(List.of(".*"))).encode()).status());
            assertEquals("v", dev.get("/api/secrets/global/K?include_secret=true").json().getString("secret"));
        } finally {
            System.setErr(original);
        }
    }

    @Test
    void settingsNameTheKeyShapeWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                ServerSettings.fromJson(new JsonObject().put("encryption_key", "not-a-real-key-value")));
        assertTrue(e.getMessage().contains("64 hex characters") && !e.getMessage().contains("not-a-real-key-value"), e.getMessage());
        assertTrue(ServerSettings.fromJson(new JsonObject().put("development_mode", "true")).developmentMode());
        assertFalse(ServerSettings.fromJson(new JsonObject()).developmentMode());
        ServerSettings d = ServerSettings.fromJson(new JsonObject());
        assertEquals(50, d.pipelineObjectLimit());
        assertEquals(20, d.runObjectExpiry());
        assertFalse(d.toString().contains("7465737420"), "settings print no key");
    }
}
