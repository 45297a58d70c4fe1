package dev.gofer.config;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The 32-byte key secrets are encrypted with. Given as 64 hex characters ({@code openssl rand -hex 32}), as
 * base64 of 32 bytes ({@code openssl rand -base64 32}), or as 32 plain characters, as Gofer 0.9.1 took it. Never printed: {@link #toString()} is redacted and
 * parse errors describe the shape of the value, not the value.
 */
public final class EncryptionKey {
    public static final int BYTES = 32;
    private final byte[] bytes;
    private final boolean rawText;

    private EncryptionKey(byte[] bytes) {
        this(bytes, false);
    }

    private EncryptionKey(byte[] bytes, boolean rawText) {
        this.bytes = bytes;
        this.rawText = rawText;
    }

    /** True when the key was given as 32 raw characters (Gofer 0.9.1's encryption_key), not hex or base64. */
    public boolean rawText() {
        return rawText;
    }

    /** Empty or blank text means "no key configured". */
    public static Optional<EncryptionKey> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = text.trim();
        if (t.length() == 2 * BYTES && t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return Optional.of(new EncryptionKey(HexFormat.of().parseHex(t)));
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            decoded = new byte[0];
        }
        if (decoded.length == BYTES) {
            return Optional.of(new EncryptionKey(decoded));
        }
        byte[] raw = t.getBytes(StandardCharsets.UTF_8);
        if (t.length() == BYTES && raw.length == BYTES) {
            return Optional.of(new EncryptionKey(raw, true)); // Gofer 0.9.1 took 32 characters as the key's bytes
        }
        throw invalid(t);
    }

    private static IllegalArgumentException invalid(String t) {
        return new IllegalArgumentException("setting encryption_key must be 32 bytes given as 64 hex characters"
                + " (openssl rand -hex 32), as base64 (openssl rand -base64 32) or as 32 plain characters (Gofer 0.9.1);"
                + " the value given has " + t.length() + " characters and is none of these");
    }

    /**
     * A fixed, publicly known key for development mode only, so secrets stored while developing survive a
     * restart. Anything it protects is not protected.
     */
    public static EncryptionKey development() {
        byte[] k = new byte[BYTES];
        byte[] text = "gofer-development-mode-not-secret".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, k, 0, BYTES);
        return new EncryptionKey(k);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptionKey other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "EncryptionKey[redacted]";
    }
}
