package dev.gofer.cli.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class HumanTimeTest {
    private static final long NOW = 1_700_000_000_000L;

    @Test
    void timesReadAsHowLongAgo() {
        assertEquals("-", HumanTime.ago(0, NOW));
        assertEquals("just now", HumanTime.ago(NOW - 300, NOW));
        assertEquals("12s ago", HumanTime.ago(NOW - 12_400, NOW));
        assertEquals("5m ago", HumanTime.ago(NOW - 5 * 60_000 - 10, NOW));
        assertEquals("3h ago", HumanTime.ago(NOW - 3 * 3_600_000, NOW));
        assertEquals("2d ago", HumanTime.ago(NOW - 2 * 86_400_000L, NOW));
    }

    @Test
    void durationsAreShortAndPrecise() {
        assertEquals("1.2s", HumanTime.duration(1_234));
        assertEquals("0.0s", HumanTime.duration(0));
        assertEquals("2m05s", HumanTime.duration(125_000));
        assertEquals("1h02m", HumanTime.duration(3_720_000));
        assertEquals("-", HumanTime.span(0, 0, NOW));
        assertEquals("5.0s", HumanTime.span(NOW - 5_000, 0, NOW), "still running: up to now");
    }

    @Test
    void tablesAlignTheirColumns() {
        StringWriter out = new StringWriter();
        new Table("TASK", "STATUS").row("greet", "successful").row("a", null).print(new PrintWriter(out));
        assertEquals(String.join(System.lineSeparator(), "TASK   STATUS", "greet  successful", "a", ""), out.toString());
    }

    @Test
    void bytesSplitInsideACharacterStillDecode() throws Exception {
        StringWriter out = new StringWriter();
        byte[] bytes = "héllo ⏱\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (WriterOutputStream stream = new WriterOutputStream(out)) {
            for (byte b : bytes) {
                stream.write(b);
            }
        }
        assertEquals("héllo ⏱\n", out.toString());
    }
}
