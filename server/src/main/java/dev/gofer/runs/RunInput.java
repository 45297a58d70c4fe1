package dev.gofer.runs;

import dev.gofer.bus.Bus.ContainerExited;
import dev.gofer.model.StatusReason;
import dev.gofer.model.TaskExecution;
import io.vertx.core.AsyncResult;
import io.vertx.core.Promise;
import java.util.List;

/** What can happen to a run; its {@link RunDriver} handles these one at a time, in the order they arrive. */
sealed interface RunInput {
    /** A new run: its tasks become waiting and the DAG decides what starts. */
    record Start() implements RunInput {
    }

    /** Someone asked to cancel the run. */
    record Cancel() implements RunInput {
    }

    /**
     * Someone asked to cancel one task: {@code answer} fails (not found, conflict when complete) or succeeds once
     * the task is cancelled, or its container is being stopped. Its dependants follow a cancelled parent.
     */
    record CancelTask(String taskId, Promise<Void> answer) implements RunInput {
    }

    /** A task's container is up. */
    record ContainerStarted(String taskId, String containerId) implements RunInput {
    }

    /** A task never got a container: its inputs could not be filled, or the engine refused it. */
    record StartFailed(String taskId, StatusReason why) implements RunInput {
    }

    /** A task's container ended (or could not be followed). */
    record Exited(ContainerExited exit) implements RunInput {
    }

    /** After a restart: what the engine holds for a task that was not complete. */
    record LookedUp(TaskExecution task, AsyncResult<List<String>> containers) implements RunInput {
    }

    /** After a restart: every task of the run is accounted for, so the DAG may act again. */
    record Resumed() implements RunInput {
    }

    /** A task's attempt ran past its deadline: its container is stopped and the task fails with reason timeout. */
    record TaskTimedOut(String taskId, int attempt) implements RunInput {
    }

    /** The run ran past its run_timeout: like a cancel, but what ends is failed or cancelled with reason timeout. */
    record RunTimedOut() implements RunInput {
    }

    /** A retried task's wait is over: its last attempt's log is kept apart, then {@link AttemptLogKept} follows. */
    record RetryDue(String taskId, int attempt) implements RunInput {
    }

    /** The log of the attempt before {@code attempt} is kept; the attempt may start. */
    record AttemptLogKept(String taskId, int attempt) implements RunInput {
    }
}
