package dev.gofer.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
}
