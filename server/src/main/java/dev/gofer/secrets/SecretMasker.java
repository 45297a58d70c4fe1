package dev.gofer.secrets;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces every occurrence of any secret value in a byte stream with {@code [masked]}, including values
 * split across chunks: only a tail that could still become a secret (a prefix of one) is held back until
 * the next chunk or {@link #flush()}, so ordinary output passes through at once. One instance per stream;
 * not thread-safe (the log verticle owns it).
 */
public final class SecretMasker {
    public static final byte[] MASK = "[masked]".getBytes(StandardCharsets.UTF_8);

    private final List<byte[]> secrets = new ArrayList<>();
    private byte[] pending = new byte[0];

    /** Empty values are ignored (they would match everywhere). Longer values are tried first. */
    public void add(Collection<String> values) {
        for (String v : values) {
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            if (b.length > 0 && secrets.stream().noneMatch(s -> Arrays.equals(s, b))) {
                secrets.add(b);
            }
        }
        secrets.sort(Comparator.comparingInt((byte[] s) -> s.length).reversed());
    }

    /** Bytes received but held back (not yet returned by {@link #process}). */
    public int pending() {
        return pending.length;
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    /** Bytes that are safe to write now; may be empty when everything is held back. */
    public byte[] process(byte[] chunk) {
        return run(concat(pending, chunk), false);
    }

    /** The end of the stream: whatever was held back, masked where it is a whole secret. */
    public byte[] flush() {
        return run(pending, true);
    }

    private byte[] run(byte[] buf, boolean atEnd) {
        if (secrets.isEmpty()) {
            pending = new byte[0];
            return buf;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(buf.length);
        int emitted = 0;
        int i = 0;
        while (i < buf.length) {
            if (!atEnd && couldContinue(buf, i)) {
                break; // a secret may start here and end in the next chunk
            }
            int matched = matchAt(buf, i);
            if (matched > 0) {
                out.write(buf, emitted, i - emitted);
                out.write(MASK, 0, MASK.length);
                i += matched;
                emitted = i;
            } else {
                i++;
            }
        }
        out.write(buf, emitted, i - emitted);
        pending = Arrays.copyOfRange(buf, i, buf.length);
        return out.toByteArray();
    }

    /** Length of the longest secret that occurs whole at {@code i}, or 0. */
    private int matchAt(byte[] buf, int i) {
        for (byte[] s : secrets) {
            if (s.length <= buf.length - i && regionEquals(buf, i, s, s.length)) {
                return s.length;
            }
        }
        return 0;
    }

    /** True when the rest of the buffer from {@code i} is a proper prefix of some secret. */
    private boolean couldContinue(byte[] buf, int i) {
        int rest = buf.length - i;
        for (byte[] s : secrets) {
            if (s.length > rest && regionEquals(buf, i, s, rest)) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionEquals(byte[] buf, int from, byte[] secret, int length) {
        for (int k = 0; k < length; k++) {
            if (buf[from + k] != secret[k]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
