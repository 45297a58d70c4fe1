package dev.gofer.scheduler.docker;

import dev.gofer.scheduler.Scheduler.LogSink;
import java.io.IOException;
import java.io.InputStream;

/** A blocking read of the engine's log stream to its end, decoded by {@link LogFrameDecoder}. */
final class LogFrames {
    private static final int READ = 32 * 1024;

    private LogFrames() {
    }

    /** Copies {@code in} to {@code sink} until it ends; a frame cut short by the end is passed on as far as it came. */
    static void copy(InputStream in, LogSink sink) throws IOException {
        LogFrameDecoder decoder = new LogFrameDecoder(sink);
        byte[] buffer = new byte[READ];
        int n;
        while ((n = in.read(buffer)) > 0) {
            decoder.feed(buffer, 0, n);
        }
        decoder.end();
    }
}
