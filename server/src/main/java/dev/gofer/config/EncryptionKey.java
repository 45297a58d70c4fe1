package dev.gofer.config;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The 32-byte key secrets are encrypted with. Given as 64 hex characters ({@code openssl rand -hex 32}) or
 * as base64 of 32 bytes ({@code openssl rand -base64 32}). Never printed: {@link #toString()} is redacted and
 * parse errors describe the shape of the value, not the value.
 */
public final class EncryptionKey {
    public static final int BYTES = 32;
    private final byte[] bytes;

    private EncryptionKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Empty or blank text means "no key configured". */
    public static java.util.Optional<EncryptionKey> parse(String text) {
        if (text == null || text.isBlank()) {
            return java.util.Optional.empty();
        }
        String t = text.trim();
        if (t.length() == 2 * BYTES && t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return java.util.Optional.of(new EncryptionKey(HexFormat.of().parseHex(t)));
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            throw invalid(t);
        }
        if (decoded.length != BYTES) {
            throw invalid(t);
        }
        return java.util.Optional.of(new EncryptionKey(decoded));
    }

    private static IllegalArgumentException invalid(String t) {
        return new IllegalArgumentException("setting encryption_key must be 32 bytes given as 64 hex characters"
                + " (openssl rand -hex 32) or as base64 (openssl rand -base64 32); the value given has " + t.length()
                + " characters and is neither");
    }

    /**
     * A fixed, publicly known key for development mode only, so secrets stored while developing survive a
     * restart. Anything it protects is not protected.
     */
    public static EncryptionKey development() {
        byte[] k = new byte[BYTES];
        byte[] text = "gofer-development-mode-not-secret".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
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
