package dev.gofer.logs;

import dev.gofer.logs.LogStore.Range;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The stderr ranges of a log read one line at a time from its index ({@code <task>.log.stderr}, see
 * {@link LogStore}), so a long index costs no more memory than a short one. A missing index has no ranges; a
 * line cut short by a crash (or still being written) is skipped.
 */
final class StderrIndexReader implements Iterator<Range>, Closeable {
    private final BufferedReader lines;
    private final Path index;
    private Range next;

    StderrIndexReader(Path index) throws IOException {
        this.index = index;
        this.lines = Files.exists(index) ? Files.newBufferedReader(index, StandardCharsets.UTF_8) : null;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (lines == null) {
            return false;
        }
        try {
            for (String line; (line = lines.readLine()) != null; ) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 2) {
                    next = new Range(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read log index " + index, e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("cannot read log index " + index + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Range next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Range r = next;
        next = null;
        return r;
    }

    @Override
    public void close() throws IOException {
        if (lines != null) {
            lines.close();
        }
    }
}
