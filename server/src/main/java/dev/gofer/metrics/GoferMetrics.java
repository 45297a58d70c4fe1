package dev.gofer.metrics;

import dev.gofer.model.Run;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskKey;
import java.time.Duration;
import java.util.List;

/**
 * What the orchestrator, the log store and the API tell about themselves for {@code GET /metrics}. Every call is
 * cheap and takes no lock a caller could wait on; {@link #none()} does nothing, for a server whose metrics are off.
 * Labels come from namespace, pipeline, status and extension ids only: never a token, a secret or a variable.
 */
public interface GoferMetrics {
    /** A run was created by a start request (counted once; not again when a restart resumes it). */
    void runStarted(Run run);

    /**
     * A run's current state: called when a driver takes the run up (new or resumed) and at each change. The first
     * call with state complete counts it as finished, by status, and records its duration.
     */
    void runChanged(Run run);

    /** Like {@link #runChanged} for one task execution; a task that ran a container records its duration. */
    void taskChanged(TaskExecution task);

    /** The task's container is up: {@code latency} from the task being handed to the scheduler. */
    void taskContainerStarted(TaskKey task, Duration latency);

    /** Bytes written to a task's log. */
    void logBytes(TaskKey task, int bytes);

    /** An event-stream subscriber connected ({@code +1}) or left ({@code -1}). */
    void eventSubscribers(int change);

    /** The installed extensions as the supervisor sees them now (sampled before each scrape). */
    void extensions(List<ExtensionSample> extensions);

    /** One extension at the moment it was sampled. */
    record ExtensionSample(String extensionId, String state, long restarts) {
    }

    /** Records nothing. */
    static GoferMetrics none() {
        return NoMetrics.INSTANCE;
    }
}
