package dev.gofer.model;

import dev.gofer.sdk.config.TaskConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * One task in one run. {@code variables} are the merged environment the container gets (system, then run
 * variables, then the task's own; later wins). A task with {@code retry} may run several containers, one per
 * attempt: {@code attempt} is the current one (1-based), {@code earlierAttempts} how those before it ended.
 * {@code deadline} (epoch ms, 0 = none) is when the running attempt times out; {@code retryAt} (epoch ms, 0 = none)
 * when a waiting task's next attempt starts. Both are stored, so a restart enforces them. {@code reusedFromRun}: set
 * when a retried run took this task's success from an earlier run instead of running it (its logs are that run's).
 */
public record TaskExecution(
        TaskKey key,
        TaskConfig task,
        long created,
        long started,
        long ended,
        Integer exitCode,
        TaskState state,
        TaskStatus status,
        StatusReason statusReason,
        List<Variable> variables,
        boolean logsExpired,
        boolean logsRemoved,
        int attempt,
        List<TaskAttempt> earlierAttempts,
        long deadline,
        long retryAt,
        Long reusedFromRun) {

    public TaskExecution {
        attempt = Math.max(1, attempt);
        earlierAttempts = earlierAttempts == null ? List.of() : List.copyOf(earlierAttempts);
    }

    /** A task at its first attempt, with no deadline. */
    public TaskExecution(TaskKey key, TaskConfig task, long created, long started, long ended, Integer exitCode,
                         TaskState state, TaskStatus status, StatusReason statusReason, List<Variable> variables,
                         boolean logsExpired, boolean logsRemoved) {
        this(key, task, created, started, ended, exitCode, state, status, statusReason, variables, logsExpired,
                logsRemoved, 1, List.of(), 0, 0, null);
    }

    public TaskExecution moveTo(TaskState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("task " + key.slug() + " cannot move from " + state + " to " + next);
        }
        return new TaskExecution(key, task, created, started, ended, exitCode, next, status, statusReason, variables,
                logsExpired, logsRemoved, attempt, earlierAttempts, deadline, retryAt, reusedFromRun);
    }

    /** The attempt's container is up; {@code deadline} 0 = no timeout. */
    public TaskExecution running(long startedAt, long deadlineAt) {
        TaskExecution t = moveTo(TaskState.RUNNING);
        return new TaskExecution(key, task, created, startedAt, ended, exitCode, t.state(), status, statusReason, variables,
                logsExpired, logsRemoved, attempt, earlierAttempts, deadlineAt, 0, reusedFromRun);
    }

    public TaskExecution running(long startedAt) {
        return running(startedAt, 0);
    }

    public TaskExecution complete(TaskStatus finalStatus, StatusReason reason, Integer exit, long endedAt) {
        TaskExecution t = moveTo(TaskState.COMPLETE);
        return new TaskExecution(key, task, created, started, endedAt, exit, t.state(), finalStatus, reason, variables,
                logsExpired, logsRemoved, attempt, earlierAttempts, 0, 0, reusedFromRun);
    }

    /** The running attempt ended as {@code reason} says; the next one waits until {@code nextAt}. */
    public TaskExecution retrying(StatusReason reason, Integer exit, long endedAt, long nextAt) {
        TaskExecution t = moveTo(TaskState.WAITING);
        List<TaskAttempt> done = new ArrayList<>(earlierAttempts);
        done.add(new TaskAttempt(attempt, started, endedAt, exit, reason));
        return new TaskExecution(key, task, created, 0, 0, null, t.state(), TaskStatus.UNKNOWN, null, variables,
                logsExpired, logsRemoved, attempt + 1, done, 0, nextAt, reusedFromRun);
    }
}
