package dev.gofer.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.cli.common.Fields;
import dev.gofer.cli.common.HumanTime;
import dev.gofer.sdk.client.GoferClient;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Polls a run and its task executions until the run is complete, redrawing one progress line
 * ({@code run 3  running  2/4 tasks done  ⏱ 5.1s}) in place with a carriage return.
 */
final class RunWatcher {
    record Outcome(JsonNode run, JsonNode taskExecutions) {
    }

    private final GoferClient client;
    private final String namespace;
    private final String pipeline;
    private final long runId;
    private final PrintWriter progress;
    private final Duration interval;
    private int lastLineLength;

    RunWatcher(GoferClient client, String namespace, String pipeline, long runId, PrintWriter progress, Duration interval) {
        this.client = client;
        this.namespace = namespace;
        this.pipeline = pipeline;
        this.runId = runId;
        this.progress = progress;
        this.interval = interval;
    }

    Outcome waitForEnd() {
        int totalTasks = -1;
        while (true) {
            JsonNode run = Fields.required(client.runs().get(namespace, pipeline, runId), "run");
            JsonNode tasks = Fields.required(client.tasks().list(namespace, pipeline, runId), "task_executions");
            if (totalTasks < 0) {
                totalTasks = taskCount(run);
            }
            draw(run, tasks, Math.max(totalTasks, tasks.size()));
            if ("complete".equals(run.path("state").asText())) {
                progress.println();
                progress.flush();
                return new Outcome(run, tasks);
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("stopped waiting for run " + runId + "; it keeps going on the server,"
                        + " check it with `gofer run get " + pipeline + " " + runId + "`", e);
            }
        }
    }

    /** The run's config knows how many tasks there will be before the server has created them all. */
    private int taskCount(JsonNode run) {
        try {
            long version = run.path("pipeline_config_version").asLong();
            return client.pipelines().getConfig(namespace, pipeline, version).path("config").path("tasks").size();
        } catch (RuntimeException e) {
            return 0; // only cosmetic: fall back to the executions the server lists
        }
    }

    private void draw(JsonNode run, JsonNode tasks, int total) {
        int done = 0;
        for (JsonNode task : tasks) {
            if ("complete".equals(task.path("state").asText())) {
                done++;
            }
        }
        String state = run.path("state").asText();
        if ("complete".equals(state)) {
            state = run.path("status").asText();
        }
        long now = System.currentTimeMillis();
        long started = run.path("started").asLong();
        String elapsed = started > 0 ? HumanTime.span(started, run.path("ended").asLong(), now) : "0.0s";
        String line = String.format("run %d  %s  %d/%d tasks done  ⏱ %s", runId, state, done, total, elapsed);
        // pad so a shorter line fully covers the previous one
        String padding = " ".repeat(Math.max(0, lastLineLength - line.length()));
        progress.print("\r" + line + padding);
        progress.flush();
        lastLineLength = line.length();
    }
}
