package dev.gofer.secrets;

import dev.gofer.config.EncryptionKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a random 12-byte nonce per value, stored as {@code nonce || ciphertext || tag}. The
 * secret's identity (scope, owner, key) is bound in as associated data, so a row copied onto another key
 * does not decrypt. A wrong key fails the tag check: a clear error, never garbage.
 */
public final class SecretCipher {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(EncryptionKey key) {
        this.key = new SecretKeySpec(key.bytes(), "AES");
    }

    /** Thrown when a stored value does not decrypt under the configured key. */
    public static final class WrongKeyException extends RuntimeException {
        public WrongKeyException(String message) {
            super(message);
        }
    }

    public byte[] encrypt(String plaintext, String identity) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(identity.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM: " + e.getClass().getSimpleName());
        }
    }

    /** @param what names the secret in the error, e.g. "pipeline secret 'TOKEN'" */
    public String decrypt(byte[] stored, String identity, String what) {
        if (stored.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new WrongKeyException(what + " is damaged in the database (too short to be an encrypted value)");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            c.updateAAD(identity.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new WrongKeyException("cannot decrypt " + what + ": it was stored under a different encryption key"
                    + " (setting encryption_key / GOFER_ENCRYPTION_KEY) or was altered; start Gofer with the key it was"
                    + " stored with, or put the secret again");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM: " + e.getClass().getSimpleName());
        }
    }
}
