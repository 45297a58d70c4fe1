package dev.gofer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.EncryptionKey;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: a first start with no key configured generates one into the data dir (0600) and later starts read it;
 * a key that does not match the stored secrets stops the start with a clear error; Gofer 0.9.1's 32-character keys work.
 */
class KeyFileTest {
    private static final String SECRETS = "/api/secrets/global";

    @Test
    void aFreshStartGeneratesTheKeyFileAndARestartReadsIt() throws Exception {
        Path dir = Files.createTempDirectory("gofer-keyfile");
        try (GoferTestServer first = GoferTestServer.start(dir, s -> s.withEncryptionKey(null))) {
            Path file = dir.resolve("encryption.key");
            assertTrue(Files.isRegularFile(file), "the key file exists");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertTrue(Files.readString(file).trim().matches("[0-9a-f]{64}"), "64 hex characters");
            putSecret(first, "DB_PASS", "hunter2-keyfile");
        }
        String keyBefore = Files.readString(dir.resolve("encryption.key"));
        try (GoferTestServer again = GoferTestServer.start(dir, s -> s.withEncryptionKey(null))) {
            assertEquals(keyBefore, Files.readString(dir.resolve("encryption.key")), "a restart keeps the key");
            assertEquals("hunter2-keyfile", readSecret(again, "DB_PASS"), "the secret survives the restart");
        }
        // a configured key wins over the file: here a different one, which the stored secrets refuse
        String wrong = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        AssertionError refused = assertThrows(AssertionError.class, () -> GoferTestServer.start(dir,
                s -> s.withEncryptionKey(EncryptionKey.parse(wrong).orElseThrow())).close());
        String message = refused.getMessage();
        assertTrue(message.contains("does not match the secrets stored") && message.contains("encryption_key")
                && message.contains("encryption.key"), message);
        assertTrue(!message.contains(wrong) && !message.contains(keyBefore.trim()), "no key in the message");
    }

    @Test
    void aGofer091RawKeyOf32CharactersWorks() throws Exception {
        Path dir = Files.createTempDirectory("gofer-rawkey");
        String raw = "a-32-character-key-from-gofer-09";
        assertEquals(32, raw.length());
        EncryptionKey key = EncryptionKey.parse(raw).orElseThrow();
        assertTrue(key.rawText());
        try (GoferTestServer gofer = GoferTestServer.start(dir, s -> s.with("encryption_key", raw))) {
            putSecret(gofer, "RAW", "value-under-raw-key");
            assertTrue(!Files.exists(dir.resolve("encryption.key")), "a configured key makes no key file");
        }
        try (GoferTestServer again = GoferTestServer.start(dir, s -> s.with("encryption_key", raw))) {
            assertEquals("value-under-raw-key", readSecret(again, "RAW"));
        }
        assertThrows(IllegalArgumentException.class, () -> EncryptionKey.parse("thirty-one-characters-long-key!"));
    }

    private static void putSecret(GoferTestServer gofer, String key, String value) {
        GoferTestServer.Response r = gofer.post(SECRETS, new JsonObject().put("key", key).put("content", value)
                .put("namespaces", new io.vertx.core.json.JsonArray().add(".*")).encode());
        assertEquals(201, r.status(), r.body());
    }

    private static String readSecret(GoferTestServer gofer, String key) {
        GoferTestServer.Response r = gofer.get(SECRETS + "/" + key + "?include_secret=true");
        assertEquals(200, r.status(), r.body());
        return r.json().getString("secret");
    }
}
