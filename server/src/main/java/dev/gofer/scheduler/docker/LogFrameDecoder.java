package dev.gofer.scheduler.docker;

import dev.gofer.scheduler.Scheduler.LogSink;
import java.io.IOException;
import java.util.Arrays;

/**
 * The engine's log stream of a container without a TTY, decoded as its bytes arrive in pieces of any size: frames of
 * an 8-byte header (stream 1 stdout or 2 stderr, three zero bytes, the payload's length, big-endian) and the
 * payload. A stream whose first 8 bytes are no such header is a TTY's raw output, passed on as stdout (docker-java
 * does the same). Not thread-safe: one stream, one reader.
 */
final class LogFrameDecoder {
    private static final int HEADER = 8;
    private static final int STDERR = 2;

    private final LogSink sink;
    private final byte[] header = new byte[HEADER];
    private int headerFill;
    /** Null between frames; the payload being filled otherwise. */
    private byte[] payload;
    private int payloadFill;
    private boolean payloadStderr;
    /** Known once the first 8 bytes came: raw output has no frames. */
    private Boolean raw;

    LogFrameDecoder(LogSink sink) {
        this.sink = sink;
    }

    /** Decodes {@code length} more bytes of the stream; passes on every frame they complete. */
    void feed(byte[] bytes, int offset, int length) throws IOException {
        int at = offset;
        int end = offset + length;
        while (at < end) {
            if (Boolean.TRUE.equals(raw)) {
                sink.accept(false, Arrays.copyOfRange(bytes, at, end));
                return;
            }
            if (payload == null) {
                int n = Math.min(HEADER - headerFill, end - at);
                System.arraycopy(bytes, at, header, headerFill, n);
                headerFill += n;
                at += n;
                if (headerFill == HEADER) {
                    startFrame();
                }
                continue;
            }
            int n = Math.min(payload.length - payloadFill, end - at);
            System.arraycopy(bytes, at, payload, payloadFill, n);
            payloadFill += n;
            at += n;
            if (payloadFill == payload.length) {
                endFrame();
            }
        }
    }

    /**
     * The stream ended: a frame cut short is passed on as far as it came; a stream shorter than one header is raw
     * output.
     */
    void end() {
        if (raw == null && headerFill > 0) {
            sink.accept(false, Arrays.copyOf(header, headerFill));
        } else if (payload != null && payloadFill > 0) {
            sink.accept(payloadStderr, Arrays.copyOf(payload, payloadFill));
        }
        payload = null;
        headerFill = 0;
    }

    private void startFrame() throws IOException {
        headerFill = 0;
        if (raw == null) {
            raw = !isHeader(header);
            if (raw) {
                sink.accept(false, header.clone());
                return;
            }
        }
        int length = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
        if (length < 0) {
            throw new IOException("a log frame of " + Integer.toUnsignedString(length) + " bytes: not the engine's framing");
        }
        payloadStderr = header[0] == STDERR;
        payload = new byte[length];
        payloadFill = 0;
        if (length == 0) {
            endFrame();
        }
    }

    private void endFrame() {
        if (payload.length > 0) {
            sink.accept(payloadStderr, payload);
        }
        payload = null;
    }

    private static boolean isHeader(byte[] header) {
        return header[0] >= 0 && header[0] <= STDERR && header[1] == 0 && header[2] == 0 && header[3] == 0;
    }
}
