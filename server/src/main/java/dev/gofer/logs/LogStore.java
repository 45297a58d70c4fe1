package dev.gofer.logs;

import dev.gofer.model.TaskKey;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Task logs as plain files under the data dir: {@code <ns>/<pipeline>/<run>/<task>.log}, plus an empty
 * {@code .done} marker written once the log is complete, so followers know whether to wait for more,
 * even after a restart. Not thread-safe: one owner (the log verticle) appends and closes.
 */
public final class LogStore {
    private final Path root;
    private final Map<TaskKey, OutputStream> open = new HashMap<>();

    public LogStore(Path root) {
        this.root = root;
    }

    /** Every log of one namespace (removed with the namespace). */
    public Path namespaceDir(String namespaceId) {
        return root.resolve(namespaceId);
    }

    public Path file(TaskKey key) {
        return root.resolve(key.namespaceId()).resolve(key.pipelineId()).resolve(Long.toString(key.runId()))
                .resolve(key.taskId() + ".log");
    }

    private Path doneMarker(TaskKey key) {
        return file(key).resolveSibling(key.taskId() + ".log.done");
    }

    /** Appends and returns the offset the bytes were written at. */
    public long append(TaskKey key, byte[] bytes) {
        try {
            Path file = file(key);
            OutputStream out = open.get(key);
            if (out == null) {
                Files.createDirectories(file.getParent());
                out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                open.put(key, out);
            }
            long offset = Files.size(file);
            out.write(bytes);
            out.flush();
            return offset;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write log " + file(key), e);
        }
    }

    /** Marks the log complete; a task that printed nothing gets an empty file. */
    public void close(TaskKey key) {
        try {
            OutputStream out = open.remove(key);
            if (out != null) {
                out.close();
            }
            Path file = file(key);
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            if (!Files.exists(doneMarker(key))) {
                Files.createFile(doneMarker(key));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close log " + file(key), e);
        }
    }

    public long size(TaskKey key) {
        try {
            Path file = file(key);
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isComplete(TaskKey key) {
        return Files.exists(doneMarker(key));
    }
}
