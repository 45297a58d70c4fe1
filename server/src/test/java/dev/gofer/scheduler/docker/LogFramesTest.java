package dev.gofer.scheduler.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gofer.scheduler.SchedulerException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's log framing decoded without an engine (the contract suites read real streams). */
class LogFramesTest {
    private record Chunk(boolean stderr, String text) {
    }

    private static byte[] frame(int stream, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[8 + payload.length];
        frame[0] = (byte) stream;
        frame[4] = (byte) (payload.length >>> 24);
        frame[5] = (byte) (payload.length >>> 16);
        frame[6] = (byte) (payload.length >>> 8);
        frame[7] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 8, payload.length);
        return frame;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static List<Chunk> decode(byte[] stream) throws Exception {
        List<Chunk> chunks = new ArrayList<>();
        LogFrames.copy(new ByteArrayInputStream(stream),
                (stderr, bytes) -> chunks.add(new Chunk(stderr, new String(bytes, StandardCharsets.UTF_8))));
        return chunks;
    }

    @Test
    void framesKeepTheirStreamAndOrder() throws Exception {
        String big = "x".repeat(70_000); // longer than one read of the underlying stream
        assertEquals(List.of(new Chunk(false, "out 1\n"), new Chunk(true, "err 1\n"), new Chunk(false, big)),
                decode(concat(frame(1, "out 1\n"), frame(2, "err 1\n"), frame(1, ""), frame(1, big))));
    }

    /** As the non-blocking follow reads it: the same stream in pieces of every size from 1 byte up decodes the same. */
    @Test
    void aStreamArrivingInPiecesOfAnySizeDecodesAsWhole() throws Exception {
        byte[] framed = concat(frame(1, "out 1\n"), frame(2, "err 1\n"), frame(1, ""), frame(1, "x".repeat(100)));
        byte[] raw = "hello, tty\n".getBytes(StandardCharsets.UTF_8);
        for (byte[] stream : List.of(framed, raw, Arrays.copyOf(framed, framed.length - 30))) {
            List<Chunk> whole = decode(stream);
            for (int piece = 1; piece <= stream.length; piece++) {
                StringBuilder out = new StringBuilder();
                List<Boolean> streams = new ArrayList<>();
                LogFrameDecoder decoder = new LogFrameDecoder((stderr, bytes) -> {
                    out.append(new String(bytes, StandardCharsets.UTF_8));
                    streams.add(stderr);
                });
                for (int at = 0; at < stream.length; at += piece) {
                    decoder.feed(stream, at, Math.min(piece, stream.length - at));
                }
                decoder.end();
                assertEquals(whole.stream().map(Chunk::text).reduce("", String::concat), out.toString(), "pieces of " + piece);
                assertEquals(whole.stream().anyMatch(Chunk::stderr), streams.contains(true), "pieces of " + piece);
            }
        }
    }

    @Test
    void anEmptyStreamGivesNothing() throws Exception {
        assertEquals(List.of(), decode(new byte[0]));
    }

    @Test
    void aFrameCutShortIsPassedOnAsFarAsItCame() throws Exception {
        byte[] whole = concat(frame(1, "first\n"), frame(2, "second line\n"));
        assertEquals(List.of(new Chunk(false, "first\n"), new Chunk(true, "second")), decode(Arrays.copyOf(whole, whole.length - 6)));
        // a header cut short ends the stream
        assertEquals(List.of(new Chunk(false, "first\n")), decode(concat(frame(1, "first\n"), new byte[] {2, 0, 0})));
    }

    @Test
    void aStreamWithoutFramesIsATtysOutputOnStdout() throws Exception {
        assertEquals(List.of(new Chunk(false, "hello, t"), new Chunk(false, "ty\n")), decode("hello, tty\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(new Chunk(false, "ok")), decode("ok".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theWaitsAnswerGivesTheExitCodeOrTheEnginesError() throws Exception {
        assertEquals(137, ContainerStreams.exitCodeOf("{\"StatusCode\":137,\"Error\":null}\n", "waiting"));
        assertEquals(0, ContainerStreams.exitCodeOf("{\"StatusCode\":0}", "waiting"));
        SchedulerException e = assertThrows(SchedulerException.class,
                () -> ContainerStreams.exitCodeOf("{\"StatusCode\":-1,\"Error\":{\"Message\":\"container removed\"}}", "lost track of c"));
        assertEquals("lost track of c: container removed", e.getMessage());
        assertThrows(SchedulerException.class, () -> ContainerStreams.exitCodeOf("", "waiting"));
    }
}
