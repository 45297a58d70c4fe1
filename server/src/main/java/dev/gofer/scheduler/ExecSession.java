package dev.gofer.scheduler;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One command run inside a container ({@link Scheduler#exec}): the input it reads, fed as it arrives by whoever
 * attached (feeding never blocks the feeder, so an event loop may feed it); where its output goes; and a way to end
 * it from outside. Thread-safe: fed and cancelled from one thread, read from the scheduler's.
 */
public final class ExecSession {
    private static final byte[] END = new byte[0];
    private final LinkedBlockingQueue<byte[]> input = new LinkedBlockingQueue<>();
    private final Scheduler.LogSink output;
    private volatile Closeable stream;
    private volatile boolean cancelled;

    /** {@code output} is called on the scheduler's thread, once per piece of output. */
    public ExecSession(Scheduler.LogSink output) {
        this.output = output;
    }

    /** Bytes for the command's stdin. */
    public void send(byte[] bytes) {
        if (bytes.length > 0 && !cancelled) {
            input.add(bytes.clone());
        }
    }

    /** The command's stdin ends (what it has not read yet it still reads). */
    public void endInput() {
        input.add(END);
    }

    public Scheduler.LogSink output() {
        return output;
    }

    /** Ends the session from outside: its input, and the engine's stream of the command's output. */
    public void cancel() {
        cancelled = true;
        endInput();
        closeQuietly(stream);
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Called by the scheduler once the command's output stream is open, so {@link #cancel} can cut it. */
    public void streaming(Closeable openStream) {
        stream = openStream;
        if (cancelled) {
            closeQuietly(openStream);
        }
    }

    /** The command's stdin for the scheduler: blocks until bytes are sent; ends once the input ends. */
    public InputStream stdin() {
        return new InputStream() {
            private byte[] current;
            private int at;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (current == null || at == current.length) {
                    try {
                        current = input.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while waiting for input");
                    }
                    at = 0;
                    if (current == END) {
                        input.add(END); // every later read ends too
                        return -1;
                    }
                }
                int n = Math.min(len, current.length - at);
                System.arraycopy(current, at, b, off, n);
                at += n;
                return n;
            }
        };
    }

    private static void closeQuietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // the stream is ending either way
        }
    }
}
