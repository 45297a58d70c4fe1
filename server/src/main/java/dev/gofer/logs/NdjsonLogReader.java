package dev.gofer.logs;

import dev.gofer.model.TaskKey;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a stored log as ndjson records, {@link #CHUNK_BYTES} of the file at a time (see {@link ChunkedLogRecords}),
 * so serving a log of any size takes bounded memory. Blocking: call it off the event loop. Not thread-safe.
 */
public final class NdjsonLogReader implements Closeable {
    public static final int CHUNK_BYTES = 64 * 1024;

    private final FileChannel file;
    private final StderrIndexReader index;
    private final ChunkedLogRecords records;
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);
    private final long end;
    private long position;
    private boolean finished;

    private NdjsonLogReader(FileChannel file, StderrIndexReader index, long from, long end) {
        this.file = file;
        this.index = index;
        this.position = from;
        this.end = end;
        this.records = new ChunkedLogRecords(index, from, end);
    }

    /** The records for bytes {@code [from, to)} of the task's log (fewer if the file is shorter). */
    public static NdjsonLogReader open(LogStore store, TaskKey key, long from, long to) throws IOException {
        Path path = store.file(key);
        FileChannel file = Files.exists(path) ? FileChannel.open(path, StandardOpenOption.READ) : null;
        long end = file == null ? 0 : Math.min(to, file.size());
        try {
            return new NdjsonLogReader(file, new StderrIndexReader(store.stderrIndex(key)), Math.min(from, end), end);
        } catch (IOException | RuntimeException e) {
            if (file != null) {
                file.close();
            }
            throw e;
        }
    }

    /** The next records (never empty), or null once the whole range has been returned. */
    public String next() throws IOException {
        while (!finished) {
            int read = position < end ? readChunk() : -1;
            if (read <= 0) {
                finished = true; // the end (or a file cut shorter than it was)
                String last = records.finish();
                return last.isEmpty() ? null : last;
            }
            String out = records.accept(buffer.array(), 0, read);
            if (!out.isEmpty()) {
                return out;
            }
        }
        return null;
    }

    private int readChunk() throws IOException {
        buffer.clear();
        buffer.limit((int) Math.min(CHUNK_BYTES, end - position));
        int read = file.read(buffer, position);
        if (read > 0) {
            position += read;
        }
        return read;
    }

    @Override
    public void close() throws IOException {
        try {
            index.close();
        } finally {
            if (file != null) {
                file.close();
            }
        }
    }
}
