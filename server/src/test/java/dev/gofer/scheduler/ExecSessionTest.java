package dev.gofer.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The bridge between an attached socket (feeding, never blocked) and the engine's stdin reader (blocked until fed). */
class ExecSessionTest {
    @Test
    void stdinHandsOverWhatWasSentInOrderThenEnds() throws Exception {
        ExecSession session = new ExecSession((stderr, bytes) -> { });
        InputStream stdin = session.stdin();
        session.send("ab".getBytes(StandardCharsets.UTF_8));
        session.send("cde".getBytes(StandardCharsets.UTF_8));
        byte[] two = new byte[2];
        assertEquals(2, stdin.read(two, 0, 2));
        assertArrayEquals("ab".getBytes(StandardCharsets.UTF_8), two);
        assertEquals('c', stdin.read());
        session.endInput();
        byte[] rest = new byte[10];
        assertEquals(2, stdin.read(rest, 0, 10), "what was sent before the end is still read");
        assertEquals(-1, stdin.read(rest, 0, 10));
        assertEquals(-1, stdin.read(), "every read after the end ends");
    }

    @Test
    void aReaderWaitsForInputAndCancelEndsItAndCutsTheStream() throws Exception {
        ExecSession session = new ExecSession((stderr, bytes) -> { });
        InputStream stdin = session.stdin();
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return stdin.read(new byte[4], 0, 4);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        AtomicBoolean streamClosed = new AtomicBoolean();
        Closeable stream = () -> streamClosed.set(true);
        session.streaming(stream);
        assertTrue(!read.isDone(), "nothing sent yet: the reader waits");
        session.cancel();
        assertEquals(-1, read.get(10, TimeUnit.SECONDS));
        assertTrue(streamClosed.get(), "the engine's stream is cut");
        session.send("late".getBytes(StandardCharsets.UTF_8));
        assertEquals(-1, stdin.read(), "nothing is taken after a cancel");

        ExecSession late = new ExecSession((stderr, bytes) -> { });
        late.cancel();
        AtomicBoolean lateClosed = new AtomicBoolean();
        late.streaming(() -> lateClosed.set(true));
        assertTrue(lateClosed.get(), "a stream opened after the cancel is cut at once");
    }
}
