package dev.gofer.secrets;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Masks secrets in one task's output, stdout and stderr together. A {@link SecretMasker} sees both streams as one
 * byte sequence in arrival order, which catches a value split across chunks, or across the streams when the parts
 * arrive side by side. But Docker hands over each stream a line at a time: a part printed without a newline
 * arrives only with the rest of its stream's line (or at the end), before or after the other stream's line carrying
 * the other part. So a chunk that may be one part of a split value (it starts with the end of a secret, or holds a
 * beginning of one that is not a whole value; parts of at least {@link #MIN_PART} bytes) is held back until the
 * other stream's next chunk; if the two chunks hold the two parts, both are masked. Held output is released at the
 * latest when the other stream prints, when the owner's timer says so ({@link #releaseHeld}), when the task ends,
 * or when more than {@link #MAX_HELD_BYTES} are held. One instance per task; not thread-safe (the log verticle
 * owns it).
 */
public final class TaskOutputMasker {
    /** Shortest part of a split secret looked for (shorter parts are ordinary text far too often). */
    public static final int MIN_PART = 3;
    public static final int MAX_HELD_BYTES = 64 * 1024;

    /** Output ready to store, in order. */
    public record Piece(boolean stderr, byte[] bytes) {
    }

    private final SecretMasker masker = new SecretMasker();
    private final List<byte[]> secrets = new ArrayList<>();
    private final List<byte[]> held = new ArrayList<>();
    private boolean heldStderr;
    private int heldBytes;

    public void add(Collection<String> values) {
        masker.add(values);
        for (String v : values) {
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            if (b.length >= 2 * MIN_PART && secrets.stream().noneMatch(s -> Arrays.equals(s, b))) {
                secrets.add(b);
            }
        }
    }

    /** Bytes received but not yet returned (a restart re-reads exactly these from the container). */
    public int pending() {
        return masker.pending() + heldBytes;
    }

    /** True while output is held back waiting for the other stream (see {@link #releaseHeld}). */
    public boolean holding() {
        return !held.isEmpty();
    }

    public List<Piece> process(boolean stderr, byte[] chunk) {
        List<Piece> out = new ArrayList<>();
        if (!held.isEmpty() && stderr != heldStderr) {
            if (pairWithHeld(out, stderr, chunk)) {
                return out;
            }
            release(out);
        }
        if (!held.isEmpty() || mayBePartOfASplit(chunk)) {
            held.add(chunk);
            heldStderr = stderr;
            heldBytes += chunk.length;
            if (heldBytes > MAX_HELD_BYTES) {
                release(out);
            }
            return out;
        }
        emit(out, stderr, chunk);
        return out;
    }

    /** What is held back, released because the other stream stayed silent too long (the owner's timer). */
    public List<Piece> releaseHeld() {
        List<Piece> out = new ArrayList<>();
        release(out);
        return out;
    }

    /** The end of the task's output: everything held, masked where it is a whole secret. */
    public List<Piece> flush() {
        List<Piece> out = new ArrayList<>();
        release(out);
        byte[] rest = masker.flush();
        if (rest.length > 0) {
            out.add(new Piece(false, rest)); // held-back bytes: their stream is not tracked
        }
        return out;
    }

    /** The chunk starts with the end of a secret, or holds the beginning of one (at least MIN_PART bytes each). */
    private boolean mayBePartOfASplit(byte[] chunk) {
        for (byte[] s : secrets) {
            for (int i = 0; i + MIN_PART <= chunk.length; i++) {
                boolean beginning = Arrays.equals(chunk, i, i + MIN_PART, s, 0, MIN_PART);
                if (beginning && !(i + s.length <= chunk.length && Arrays.equals(chunk, i, i + s.length, s, 0, s.length))) {
                    return true; // a beginning not part of a whole value (whole ones are masked anyway)
                }
            }
            for (int end = MIN_PART; end <= Math.min(s.length - MIN_PART, chunk.length); end++) {
                if (Arrays.equals(s, s.length - end, s.length, chunk, 0, end)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Masks a secret split between a held chunk and {@code chunk} (the other stream), in whichever order its parts
     * arrived, and emits all of it with the part printed first first; false (nothing emitted) when there is none.
     */
    private boolean pairWithHeld(List<Piece> out, boolean stderr, byte[] chunk) {
        for (int i = 0; i < held.size(); i++) {
            Split endHeld = split(held.get(i), chunk);
            if (endHeld != null) {
                held.set(i, masked(held.get(i), 0, endHeld.endLength()));
                emit(out, stderr, masked(chunk, endHeld.beginningAt(), endHeld.beginningLength()));
                release(out);
                return true;
            }
            Split beginningHeld = split(chunk, held.get(i));
            if (beginningHeld != null) {
                held.set(i, masked(held.get(i), beginningHeld.beginningAt(), beginningHeld.beginningLength()));
                release(out);
                emit(out, stderr, masked(chunk, 0, beginningHeld.endLength()));
                return true;
            }
        }
        return false;
    }

    /** A secret split in two: its last {@code endLength} bytes, and the rest found at {@code beginningAt}. */
    private record Split(int endLength, int beginningAt, int beginningLength) {
    }

    /** A secret whose end starts {@code ends} and whose beginning (the rest of it) occurs in {@code begins}; null if none. */
    private Split split(byte[] ends, byte[] begins) {
        for (byte[] s : secrets) {
            for (int end = Math.min(s.length - MIN_PART, ends.length); end >= MIN_PART; end--) {
                if (Arrays.equals(s, s.length - end, s.length, ends, 0, end)) {
                    int at = indexOf(begins, s, s.length - end);
                    if (at >= 0) {
                        return new Split(end, at, s.length - end);
                    }
                }
            }
        }
        return null;
    }

    /** Where the first {@code length} bytes of {@code secret} occur in {@code chunk}, or -1. */
    private static int indexOf(byte[] chunk, byte[] secret, int length) {
        for (int i = 0; i + length <= chunk.length; i++) {
            if (Arrays.equals(chunk, i, i + length, secret, 0, length)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code bytes} with {@code [at, at + length)} replaced by the mask. */
    private static byte[] masked(byte[] bytes, int at, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        out.write(bytes, 0, at);
        out.writeBytes(SecretMasker.MASK);
        out.write(bytes, at + length, bytes.length - at - length);
        return out.toByteArray();
    }

    private void emit(List<Piece> out, boolean stderr, byte[] chunk) {
        byte[] safe = masker.process(chunk);
        if (safe.length > 0) {
            out.add(new Piece(stderr, safe));
        }
    }

    private void release(List<Piece> out) {
        for (byte[] chunk : held) {
            emit(out, heldStderr, chunk);
        }
        held.clear();
        heldBytes = 0;
    }
}
