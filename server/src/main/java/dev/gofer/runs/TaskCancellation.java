package dev.gofer.runs;

import dev.gofer.model.GoferException;
import dev.gofer.model.RunKey;
import dev.gofer.model.StatusReason;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskState;
import dev.gofer.model.TaskStatus;
import io.vertx.core.Future;
import java.util.function.Consumer;

/**
 * Cancelling one task of a run ({@code DELETE .../runs/{run}/tasks/{task}}): whether it may be, and the reason a
 * cancelled task ends with. Its dependants then follow a cancelled parent, as the DAG says for any cancelled task.
 */
final class TaskCancellation {
    static final StatusReason BEFORE_START = new StatusReason(StatusReason.CANCELLED, "the task was cancelled before it started");
    static final StatusReason WHILE_WAITING_TO_RETRY =
            new StatusReason(StatusReason.CANCELLED, "the task was cancelled while it waited to retry");
    static final StatusReason RUN_CANCELLED = new StatusReason(StatusReason.CANCELLED, "stopped because the run was cancelled");
    static final StatusReason WHILE_RUNNING = new StatusReason(StatusReason.CANCELLED, "the task was cancelled and its container stopped");

    private TaskCancellation() {
    }

    /**
     * Answers the request and marks the task cancelled. Returns the reason it ends with now when it has no
     * container (waiting, or waiting to retry: the retry is given up); null when it ends later (its container is
     * stopped through {@code stop}, or when its start completes) or was refused.
     */
    static StatusReason apply(ActiveRun run, RunKey key, RunInput.CancelTask request, Consumer<String> stop) {
        String id = request.taskId();
        GoferException refused = refusal(key, id, run.tasks.get(id));
        request.answer().handle(refused == null ? Future.succeededFuture() : Future.failedFuture(refused));
        if (refused != null || !run.cancelledTasks.add(id)) {
            return null;
        }
        if (run.backingOff.remove(id)) {
            return WHILE_WAITING_TO_RETRY;
        }
        if (run.launched.contains(id)) {
            stop.accept(id);
            return null;
        }
        return BEFORE_START;
    }

    /** A task whose container Gofer stopped: cancelled, or failed with {@code runCancelled}'s reason when its run timed out. */
    static TaskExecution stopped(ActiveRun run, TaskExecution t, StatusReason runCancelled, Integer exitCode, long now) {
        if (run.cancelledTasks.contains(t.key().taskId())) {
            return t.complete(TaskStatus.CANCELLED, WHILE_RUNNING, exitCode, now);
        }
        return run.runTimedOut ? t.complete(TaskStatus.FAILED, runCancelled, exitCode, now)
                : t.complete(TaskStatus.CANCELLED, RUN_CANCELLED, exitCode, now);
    }

    /** Null when the task may be cancelled; otherwise why not (not found, or already complete). */
    static GoferException refusal(RunKey run, String taskId, TaskExecution task) {
        if (task == null) {
            return GoferException.notFound("task '" + taskId + "' not found in run " + run.runId());
        }
        if (task.state() == TaskState.COMPLETE) {
            return new GoferException(GoferException.Kind.CONFLICT, "task '" + taskId + "' of run " + run.runId()
                    + " is already complete (" + task.status().wire() + "); only a waiting or running task can be cancelled");
        }
        return null;
    }
}
