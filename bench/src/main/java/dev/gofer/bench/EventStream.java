package dev.gofer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Follows {@code GET /api/events} (Server-Sent Events) and stamps each {@code completed_run} with the moment it
 * arrived, so a run's end is seen as soon as the server announces it rather than at the next poll.
 */
final class EventStream implements Closeable {
    /** When a run's completion arrived (System.nanoTime) and its final status. */
    record Completion(long arrivedNanos, String status) {
    }

    private final Map<String, CompletableFuture<Completion>> completions = new ConcurrentHashMap<>();
    private final AtomicInteger completedRuns = new AtomicInteger();
    private final Map<String, AtomicInteger> startedTasks = new ConcurrentHashMap<>();
    private final SseLines stream;

    EventStream(GoferProcess gofer) throws Exception {
        stream = new SseLines(gofer.port, "/api/events", gofer.token()); // headers in: the stream is live
        stream.forEach(this::line, "gofer-events");
    }

    private void line(String line) {
        if (!line.startsWith("data:")) {
            return;
        }
        long now = System.nanoTime();
        try {
            JsonNode kind = GoferProcess.JSON.readTree(line.substring(5).trim()).get("kind");
            String name = kind.fieldNames().next();
            JsonNode d = kind.get(name);
            switch (name) {
                case "completed_run" -> {
                    completedRuns.incrementAndGet();
                    completion(d.get("pipeline_id").asText(), d.get("run_id").asLong())
                            .complete(new Completion(now, d.get("status").asText()));
                }
                case "started_task_execution" -> startedTasks
                        .computeIfAbsent(d.get("pipeline_id").asText(), p -> new AtomicInteger()).incrementAndGet();
                default -> { }
            }
        } catch (Exception e) {
            System.err.println("unreadable event line: " + line + " (" + e + ")");
        }
    }

    /** Completes when the run's {@code completed_run} event arrives (or has already arrived). */
    CompletableFuture<Completion> completion(String pipeline, long run) {
        return completions.computeIfAbsent(pipeline + "/" + run, k -> new CompletableFuture<>());
    }

    /** Waits for the run to complete successfully; returns when that was known (nanoTime). */
    long awaitSuccess(String pipeline, long run, long timeoutSeconds) throws Exception {
        Completion c = completion(pipeline, run).get(timeoutSeconds, TimeUnit.SECONDS);
        if (!c.status().equals("successful")) {
            throw new IllegalStateException("run " + pipeline + "/" + run + " ended " + c.status());
        }
        return c.arrivedNanos();
    }

    /** How many tasks of the pipeline have started (a container is up) since the stream opened. */
    int startedTasks(String pipeline) {
        AtomicInteger n = startedTasks.get(pipeline);
        return n == null ? 0 : n.get();
    }

    /** Runs of any pipeline that have ended since the stream opened. */
    int completedRuns() {
        return completedRuns.get();
    }

    @Override
    public void close() throws java.io.IOException {
        stream.close();
    }
}
