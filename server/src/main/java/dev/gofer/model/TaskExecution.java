package dev.gofer.model;

import dev.gofer.sdk.config.TaskConfig;
import java.util.List;

/**
 * One container run of one task in one run. {@code variables} are the merged environment the
 * container gets (system, then run variables, then the task's own; later wins). {@code reusedFromRun}: set when
 * a retried run took this task's success from an earlier run instead of running it (its logs are that run's).
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
        Long reusedFromRun) {

    public TaskExecution(TaskKey key, TaskConfig task, long created, long started, long ended, Integer exitCode,
                         TaskState state, TaskStatus status, StatusReason statusReason, List<Variable> variables,
                         boolean logsExpired, boolean logsRemoved) {
        this(key, task, created, started, ended, exitCode, state, status, statusReason, variables, logsExpired, logsRemoved, null);
    }

    public TaskExecution moveTo(TaskState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("task " + key.slug() + " cannot move from " + state + " to " + next);
        }
        return new TaskExecution(key, task, created, started, ended, exitCode, next, status, statusReason, variables,
                logsExpired, logsRemoved, reusedFromRun);
    }

    public TaskExecution running(long startedAt) {
        TaskExecution t = moveTo(TaskState.RUNNING);
        return new TaskExecution(key, task, created, startedAt, ended, exitCode, t.state(), status, statusReason, variables,
                logsExpired, logsRemoved, reusedFromRun);
    }

    public TaskExecution complete(TaskStatus finalStatus, StatusReason reason, Integer exit, long endedAt) {
        TaskExecution t = moveTo(TaskState.COMPLETE);
        return new TaskExecution(key, task, created, started, endedAt, exit, t.state(), finalStatus, reason, variables,
                logsExpired, logsRemoved, reusedFromRun);
    }
}
