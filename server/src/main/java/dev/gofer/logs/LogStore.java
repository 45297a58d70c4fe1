package dev.gofer.logs;

import dev.gofer.files.PrivateFiles;

import dev.gofer.model.RunKey;
import dev.gofer.model.TaskKey;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Task logs as plain files under the data dir: {@code <ns>/<pipeline>/<run>/<task>.log}, plus an empty
 * {@code .done} marker written once the log is complete, so followers know whether to wait for more,
 * even after a restart. The log stays one plain-text file in print order; which byte ranges came from
 * stderr is kept beside it in {@code <task>.log.stderr} (one {@code offset length} line per stderr chunk),
 * so readers that care (the dashboard) can tell the streams apart. A retried task's earlier attempts keep their logs
 * as {@code <task>.attempt-N.log} (see {@link #attemptLog}). Not thread-safe: one owner (the log
 * verticle) appends and closes.
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

    /** Every log of one pipeline's runs (removed with the pipeline). */
    public Path pipelineDir(String namespaceId, String pipelineId) {
        return root.resolve(namespaceId).resolve(pipelineId);
    }

    /** Every log of one run's tasks (removed with the run). */
    public Path runDir(RunKey run) {
        return pipelineDir(run.namespaceId(), run.pipelineId()).resolve(Long.toString(run.runId()));
    }

    public Path file(TaskKey key) {
        return root.resolve(key.namespaceId()).resolve(key.pipelineId()).resolve(Long.toString(key.runId()))
                .resolve(key.taskId() + ".log");
    }

    private Path doneMarker(TaskKey key) {
        return file(key).resolveSibling(key.taskId() + ".log.done");
    }

    Path stderrIndex(TaskKey key) {
        return file(key).resolveSibling(key.taskId() + ".log.stderr");
    }

    /**
     * The key earlier attempt {@code attempt} of a task keeps its log under: {@code <task>.attempt-N}, which no task
     * id can be (ids hold no dot), so every reader of a task's log reads an attempt's the same way.
     */
    public static TaskKey attemptLog(TaskKey key, int attempt) {
        return new TaskKey(key.namespaceId(), key.pipelineId(), key.runId(), key.taskId() + ".attempt-" + attempt);
    }

    /**
     * Keeps the task's complete log as attempt {@code attempt}'s, so the next attempt's output starts a new log.
     * Done once: asked again (a restart between this and the next attempt's start), it changes nothing.
     */
    public void archive(TaskKey key, int attempt) {
        TaskKey kept = attemptLog(key, attempt);
        try {
            if (Files.exists(file(kept)) || !Files.exists(file(key))) {
                return;
            }
            for (Path from : List.of(stderrIndex(key), sourceMarker(key), file(key), doneMarker(key))) {
                if (Files.exists(from)) {
                    String suffix = from.getFileName().toString().substring(key.taskId().length());
                    Files.move(from, from.resolveSibling(kept.taskId() + suffix));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the log of attempt " + attempt + " of " + key.slug(), e);
        }
    }

    /** Appends output from one stream; returns the offset the bytes were written at. */
    public long append(TaskKey key, boolean stderr, byte[] bytes) {
        long offset = append(key, bytes);
        if (stderr && bytes.length > 0) {
            try {
                PrivateFiles.appendString(stderrIndex(key), offset + " " + bytes.length + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write log index " + stderrIndex(key), e);
            }
        }
        return offset;
    }

    /** The byte ranges of the log that came from stderr, in order; empty if none (or logs from before the index). */
    public List<Range> stderrRanges(TaskKey key) {
        try (StderrIndexReader index = new StderrIndexReader(stderrIndex(key))) {
            List<Range> out = new ArrayList<>();
            index.forEachRemaining(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read log index " + stderrIndex(key), e);
        }
    }

    /** {@code length} bytes of the log starting at {@code offset}. */
    public record Range(long offset, long length) {
        public long end() {
            return offset + length;
        }
    }

    /** Appends and returns the offset the bytes were written at. */
    public long append(TaskKey key, byte[] bytes) {
        try {
            Path file = file(key);
            OutputStream out = open.get(key);
            if (out == null) {
                PrivateFiles.directories(file.getParent());
                out = PrivateFiles.append(file);
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
            PrivateFiles.directories(file.getParent());
            if (!Files.exists(file)) {
                PrivateFiles.file(file);
            }
            if (!Files.exists(doneMarker(key))) {
                PrivateFiles.file(doneMarker(key));
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

    private Path sourceMarker(TaskKey key) {
        return file(key).resolveSibling(key.taskId() + ".log.source");
    }

    /**
     * Records how many bytes of the container's output the log stands for, once masking made the file's size
     * differ from it (so a restart re-attaching the container skips exactly what was already stored).
     */
    public void recordSourceBytes(TaskKey key, long sourceBytes) {
        try {
            PrivateFiles.directories(sourceMarker(key).getParent()); // masking may hold back all output so far
            PrivateFiles.writeString(sourceMarker(key), Long.toString(sourceBytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + sourceMarker(key), e);
        }
    }

    /** See {@link #recordSourceBytes}; the file's size when nothing was masked. */
    public long sourceBytes(TaskKey key) {
        try {
            Path marker = sourceMarker(key);
            return Files.exists(marker) ? Long.parseLong(Files.readString(marker).trim()) : size(key);
        } catch (IOException | NumberFormatException e) {
            return size(key);
        }
    }

    public boolean isComplete(TaskKey key) {
        return Files.exists(doneMarker(key));
    }

    /**
     * Deletes what a complete task printed (the log, its stderr index and source count); the done marker stays, so
     * a follower still sees the log as complete. Blocking file I/O: call it off the event loop.
     */
    public void removeContent(TaskKey key) {
        try {
            Files.deleteIfExists(file(key));
            Files.deleteIfExists(stderrIndex(key));
            Files.deleteIfExists(sourceMarker(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete log " + file(key) + ": " + e.getMessage(), e);
        }
    }
}
