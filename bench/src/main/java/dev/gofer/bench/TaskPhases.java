package dev.gofer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One-task runs split at their task's recorded start and end (ms): from the POST until the container started, while
 * it ran (and its log was drained and its exit stored), and from the task's end until the run's completion was seen.
 */
final class TaskPhases {
    final List<Double> beforeStart = new ArrayList<>();
    final List<Double> running = new ArrayList<>();
    final List<Double> afterExit = new ArrayList<>();

    /** Adds run {@code run} of {@code pipeline} (task {@code t}), posted at {@code postEpochMs}, seen complete {@code latencyMs} later. */
    void add(GoferProcess gofer, String pipeline, long run, long postEpochMs, double latencyMs) throws IOException, InterruptedException {
        JsonNode task = gofer.task(pipeline, run, "t");
        long started = task.get("started").asLong();
        long ended = task.get("ended").asLong();
        beforeStart.add((double) (started - postEpochMs));
        running.add((double) (ended - started));
        afterExit.add(postEpochMs + latencyMs - ended);
    }
}
