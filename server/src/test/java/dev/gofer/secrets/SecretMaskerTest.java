package dev.gofer.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {
    private static String mask(List<String> secrets, String... chunks) {
        SecretMasker m = new SecretMasker();
        m.add(secrets);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String c : chunks) {
            out.writeBytes(m.process(c.getBytes(StandardCharsets.UTF_8)));
        }
        out.writeBytes(m.flush());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void masksEveryOccurrenceInOneChunk() {
        assertEquals("token=[masked] again [masked]\n", mask(List.of("hunter2"), "token=hunter2 again hunter2\n"));
    }

    @Test
    void masksAValueSplitAcrossChunks() {
        assertEquals("a [masked] b\n", mask(List.of("s3cr3t-value"), "a s3cr", "3t-val", "ue b\n"));
        assertEquals("[masked]", mask(List.of("xy"), "x", "y"));
    }

    @Test
    void holdsBackOnlyWhatCouldStartASecret() {
        SecretMasker m = new SecretMasker();
        m.add(List.of("password123"));
        assertArrayEquals("hello world\n".getBytes(), m.process("hello world\n".getBytes()), "plain output passes at once");
        assertArrayEquals("log: ".getBytes(), m.process("log: pass".getBytes()), "only the possible prefix waits");
        assertEquals(4, m.pending(), "held back: 'pass' (a restart re-reads exactly these from the container)");
        assertArrayEquals("[masked] done".getBytes(), m.process("word123 done".getBytes()));
        assertArrayEquals(new byte[0], m.flush());
    }

    @Test
    void aPrefixThatNeverCompletesIsReleased() {
        assertEquals("pass? no, passport", mask(List.of("password"), "pass? no, pass", "port"));
        assertEquals("ends with pass", mask(List.of("password"), "ends with pass"));
    }

    @Test
    void overlappingAndNestedSecretsMaskTheLongest() {
        assertEquals("[masked] [masked]", mask(List.of("abc", "abcdef"), "abcdef abc"));
        assertEquals("[masked]", mask(List.of("abc", "abcdef"), "abcd", "ef"));
    }

    @Test
    void secretPrintedInALoopIsMaskedEveryTime() {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            in.append("line ").append(i).append(" TOPSECRET\n");
        }
        // cut into random chunk sizes, as a container's output arrives
        Random random = new Random(7);
        String all = in.toString();
        List<String> chunks = new java.util.ArrayList<>();
        for (int i = 0; i < all.length(); ) {
            int n = Math.min(all.length() - i, 1 + random.nextInt(20));
            chunks.add(all.substring(i, i + n));
            i += n;
        }
        String out = mask(List.of("TOPSECRET"), chunks.toArray(String[]::new));
        assertFalse(out.contains("TOPSECRET"));
        assertEquals(all.replace("TOPSECRET", "[masked]"), out);
    }

    @Test
    void emptyValuesAreIgnored() {
        assertEquals("abc", mask(List.of(""), "abc"));
    }

    // ---- one task's two streams together (TaskOutputMasker)

    private static final String SECRET = "hunter2secret";

    /** Feeds (stream, text) chunks; returns the stored log as "out:"/"err:" lines of each piece, in order. */
    private static String maskStreams(TaskOutputMasker m, String... streamAndText) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < streamAndText.length; i += 2) {
            m.process(streamAndText[i].equals("err"), streamAndText[i + 1].getBytes(StandardCharsets.UTF_8))
                    .forEach(p -> out.append(piece(p)));
        }
        m.flush().forEach(p -> out.append(piece(p)));
        return out.toString();
    }

    private static String maskStreams(String... streamAndText) {
        TaskOutputMasker m = new TaskOutputMasker();
        m.add(List.of(SECRET));
        return maskStreams(m, streamAndText);
    }

    private static String piece(TaskOutputMasker.Piece p) {
        return (p.stderr() ? "err:" : "out:") + new String(p.bytes(), StandardCharsets.UTF_8) + "|";
    }

    @Test
    void aValueSplitAcrossTheStreamsIsMaskedInWhicheverOrderItsPartsArrive() {
        // side by side, as printed
        assertEquals("out:[masked]|err:[masked]\n|", maskStreams("out", "hunter", "err", "2secret\n"));
        // Docker holds "hunter" (no newline) until stdout's next line: the end arrives first
        assertEquals("out:[masked]done\n|err:[masked]\n|", maskStreams("err", "2secret\n", "out", "hunterdone\n"));
        // ... or the beginning arrives first, inside its stream's line, and the end after
        assertEquals("err:x [masked]more\n|out:[masked]\n|", maskStreams("err", "x huntermore\n", "out", "2secret\n"));
        // the same stream keeps printing before the other one completes the value: all of it waits, in order
        assertEquals("out:[masked]!\n|err:[masked]\n|err:next\n|",
                maskStreams("err", "2secret\n", "err", "next\n", "out", "hunter!\n"));
    }

    @Test
    void ordinaryOutputIsNotHeldAndHeldOutputIsReleasedWhenNothingCompletesIt() {
        TaskOutputMasker m = new TaskOutputMasker();
        m.add(List.of(SECRET));
        assertEquals("out:hello\n|", m.process(false, "hello\n".getBytes()).stream().map(SecretMaskerTest::piece).reduce("", String::concat));
        assertEquals("out:a [masked] b\n|", m.process(false, "a hunter2secret b\n".getBytes()).stream()
                .map(SecretMaskerTest::piece).reduce("", String::concat), "a whole value is masked at once, not held");

        assertTrue(m.process(true, "cret: not a secret\n".getBytes()).isEmpty(), "starts like the end of one: held");
        assertTrue(m.holding());
        assertEquals(19, m.pending(), "held bytes count as not yet stored (a restart re-reads them)");
        // the other stream prints something else: both are stored as they came
        assertEquals("err:cret: not a secret\n|out:other\n|", m.process(false, "other\n".getBytes()).stream()
                .map(SecretMaskerTest::piece).reduce("", String::concat));
        assertFalse(m.holding());

        m.process(true, "hunter!".getBytes());
        assertEquals("err:hunter!|", m.releaseHeld().stream().map(SecretMaskerTest::piece).reduce("", String::concat),
                "the owner's timer releases what waited too long");
        // too much held: released at once
        m.process(true, "2secret\n".getBytes());
        assertFalse(m.process(true, new byte[TaskOutputMasker.MAX_HELD_BYTES]).isEmpty());
        assertFalse(m.holding());
        // a part shorter than MIN_PART is caught only when it arrives right before the rest (the documented limit)
        assertEquals("out:[masked]\n|", maskStreams("err", "hu", "out", "nter2secret\n"));
        assertEquals("out:nter2secret\n|out:hu|", maskStreams("out", "nter2secret\n", "err", "hu"));
    }

    @Test
    void aValueSplitAnywhereAcrossTheStreamsNeverShowsAPartOfAtLeastMinPartBytes() {
        Random random = new Random(19);
        for (int round = 0; round < 500; round++) {
            int cut = TaskOutputMasker.MIN_PART + random.nextInt(SECRET.length() - 2 * TaskOutputMasker.MIN_PART + 1);
            String begin = SECRET.substring(0, cut);
            String end = SECRET.substring(cut);
            String before = random.nextBoolean() ? "" : "log " + random.nextInt(100) + ": ";
            String after = random.nextBoolean() ? "\n" : " and more\n";
            boolean beginOnErr = random.nextBoolean();
            String beginStream = beginOnErr ? "err" : "out";
            String endStream = beginOnErr ? "out" : "err";
            // either part may arrive first, each with the rest of its stream's line
            String log = random.nextBoolean()
                    ? maskStreams(beginStream, before + begin + after, endStream, end + "\n")
                    : maskStreams(endStream, end + "\n", beginStream, before + begin + after);
            assertFalse(log.contains(begin) || log.contains(end), "round " + round + ": " + log);
            assertEquals(2, log.split("\\[masked]", -1).length - 1, log);
        }
    }
}
