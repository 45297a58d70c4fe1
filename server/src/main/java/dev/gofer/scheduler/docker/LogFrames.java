package dev.gofer.scheduler.docker;

import dev.gofer.scheduler.Scheduler.LogSink;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The engine's log stream of a container without a TTY: frames of an 8-byte header (stream 1 stdout or 2 stderr,
 * three zero bytes, the payload's length, big-endian) and the payload. A stream whose first bytes are no such header
 * is a TTY's raw output, passed on as stdout (docker-java does the same).
 */
final class LogFrames {
    private static final int HEADER = 8;
    private static final int STDERR = 2;
    /** Raw output is passed on in pieces of at most this many bytes. */
    private static final int RAW_CHUNK = 32 * 1024;

    private LogFrames() {
    }

    /** Copies {@code in} to {@code sink} until it ends; a frame cut short by the end is passed on as far as it came. */
    static void copy(InputStream in, LogSink sink) throws IOException {
        byte[] header = new byte[HEADER];
        int got = in.readNBytes(header, 0, HEADER);
        if (got == 0) {
            return;
        }
        if (got < HEADER || !isHeader(header)) {
            sink.accept(false, Arrays.copyOf(header, got));
            copyRaw(in, sink);
            return;
        }
        while (true) {
            int length = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
            if (length < 0) {
                throw new IOException("a log frame of " + Integer.toUnsignedString(length) + " bytes: not the engine's framing");
            }
            byte[] payload = in.readNBytes(length);
            if (payload.length > 0) {
                sink.accept(header[0] == STDERR, payload);
            }
            if (payload.length < length || in.readNBytes(header, 0, HEADER) < HEADER) {
                return;
            }
        }
    }

    private static boolean isHeader(byte[] header) {
        return header[0] >= 0 && header[0] <= STDERR && header[1] == 0 && header[2] == 0 && header[3] == 0;
    }

    private static void copyRaw(InputStream in, LogSink sink) throws IOException {
        byte[] buffer = new byte[RAW_CHUNK];
        int n;
        while ((n = in.read(buffer)) > 0) {
            sink.accept(false, Arrays.copyOf(buffer, n));
        }
    }
}
