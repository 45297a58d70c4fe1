package dev.gofer.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.EncryptionKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
    private static final EncryptionKey KEY = EncryptionKey.parse("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff").orElseThrow();
    private static final EncryptionKey OTHER = EncryptionKey.parse(Base64.getEncoder().encodeToString(new byte[32])).orElseThrow();

    @Test
    void roundTripsWithARandomNoncePerValue() {
        SecretCipher cipher = new SecretCipher(KEY);
        byte[] a = cipher.encrypt("hunter2", "pipeline\0default/p\0PW");
        byte[] b = cipher.encrypt("hunter2", "pipeline\0default/p\0PW");
        assertNotEquals(HexFormat.of().formatHex(a), HexFormat.of().formatHex(b), "same value, different ciphertext");
        assertEquals(12 + 7 + 16, a.length, "nonce + ciphertext + tag");
        assertFalse(new String(a, StandardCharsets.ISO_8859_1).contains("hunter2"));
        assertEquals("hunter2", cipher.decrypt(a, "pipeline\0default/p\0PW", "pipeline secret 'PW'"));
    }

    @Test
    void aWrongKeyIsAClearErrorNeverGarbage() {
        byte[] sealed = new SecretCipher(KEY).encrypt("hunter2", "id");
        SecretCipher.WrongKeyException e = assertThrows(SecretCipher.WrongKeyException.class,
                () -> new SecretCipher(OTHER).decrypt(sealed, "id", "pipeline secret 'PW'"));
        assertTrue(e.getMessage().contains("pipeline secret 'PW'") && e.getMessage().contains("different encryption key"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
    }

    @Test
    void aValueMovedToAnotherKeyDoesNotDecrypt() {
        byte[] sealed = new SecretCipher(KEY).encrypt("hunter2", "pipeline\0default/a\0PW");
        assertThrows(SecretCipher.WrongKeyException.class,
                () -> new SecretCipher(KEY).decrypt(sealed, "pipeline\0default/b\0PW", "x"));
    }

    @Test
    void keysAreHexOrBase64Of32BytesAndNeverPrinted() {
        assertEquals(KEY, EncryptionKey.parse("  00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff ").orElseThrow());
        assertTrue(EncryptionKey.parse("").isEmpty());
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class, () -> EncryptionKey.parse("c2hvcnQta2V5"));
        assertFalse(tooShort.getMessage().contains("c2hvcnQta2V5"), "the error does not echo the key");
        // 32 plain characters are Gofer 0.9.1's raw key: accepted (its bytes are the key), flagged for the warning
        assertTrue(EncryptionKey.parse("changemechangemechangemechangeme").orElseThrow().rawText());
        assertThrows(IllegalArgumentException.class, () -> EncryptionKey.parse("changemechangemechangemechangem"));
        assertEquals("EncryptionKey[redacted]", KEY.toString());
    }

    @Test
    void namespacePatternsMatchTheWholeNamespaceId() {
        assertTrue(NamespacePatterns.allows(java.util.List.of("team-.*"), "team-a"));
        assertFalse(NamespacePatterns.allows(java.util.List.of("team-.*"), "my-team-a"));
        assertFalse(NamespacePatterns.allows(java.util.List.of("prod"), "nonprod"));
        assertTrue(NamespacePatterns.allows(java.util.List.of("dev", ".*"), "anything"));
        assertFalse(NamespacePatterns.allows(java.util.List.of(), "default"));
        assertThrows(dev.gofer.model.GoferException.class, () -> NamespacePatterns.check(java.util.List.of("(")));
    }
}
