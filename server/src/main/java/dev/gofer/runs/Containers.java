package dev.gofer.runs;

import dev.gofer.model.RunKey;
import dev.gofer.model.TaskKey;
import dev.gofer.scheduler.ContainerSpec;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What the orchestrator asks of the rest of the system; the verticle binds it to the event bus. */
public interface Containers {
    /** Starts the task's container; completes with its id once it runs. Its exit is reported later. */
    Future<String> start(TaskKey task, ContainerSpec spec);

    Future<Void> stop(TaskKey task, String containerId, Duration grace);

    /** Ids of containers carrying all of these labels, running or exited. */
    Future<List<String>> find(Map<String, String> labels);

    /** Follows a container started before a restart; its exit is reported like a fresh one's. */
    Future<Void> adopt(TaskKey task, String containerId);

    Future<Void> remove(String containerId);

    /** Keeps the task's complete log as attempt {@code attempt}'s, so its next attempt starts a new log. */
    Future<Void> archiveLog(TaskKey task, int attempt);

    /** Marks the log of a task that never got a container as complete (and empty). */
    Future<Void> closeLog(TaskKey task);

    /** From now on, these values are replaced by {@code [masked]} in every log of the run. */
    Future<Void> maskInLogs(RunKey run, List<String> secretValues);

    /** The run is complete: its masked values may be forgotten. */
    void forgetMasks(RunKey run);
}
