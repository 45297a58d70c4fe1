package dev.gofer.runs;

import dev.gofer.bus.Bus.ContainerExited;
import dev.gofer.config.TaskLimits;
import dev.gofer.dag.Decisions;
import dev.gofer.model.RunStatus;
import dev.gofer.model.StatusReason;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskStatus;
import dev.gofer.sdk.config.Durations;
import dev.gofer.sdk.config.MemorySize;
import dev.gofer.sdk.config.PipelineConfig;
import dev.gofer.sdk.config.TaskRetry;
import java.time.Duration;

/**
 * The run controls' rules, without I/O or clock: when a task or run times out, and what an ended attempt leads to
 * (the task's end, or its next attempt and when). The server's defaults and maximums apply here.
 */
final class RunControls {
    private final TaskLimits limits;

    RunControls(TaskLimits limits) {
        this.limits = limits;
    }

    /** What an attempt's end leads to. */
    sealed interface AttemptEnd {
        record Done(TaskStatus status, StatusReason reason, Integer exitCode) implements AttemptEnd {
        }

        /** The task runs again at {@code at} (epoch ms); {@code reason} says how this attempt ended. */
        record Retry(StatusReason reason, Integer exitCode, long at) implements AttemptEnd {
        }
    }

    /** Epoch ms at which an attempt started at {@code startedAt} times out; 0 = never. */
    long taskDeadline(TaskExecution t, long startedAt) {
        Duration timeout = limits.timeoutOf(t.task());
        return timeout == null ? 0 : startedAt + timeout.toMillis();
    }

    /** Epoch ms at which a run started at {@code startedAt} times out; 0 = never. */
    long runDeadline(PipelineConfig config, long startedAt) {
        Duration timeout = limits.runTimeoutOf(config);
        return timeout == null ? 0 : startedAt + timeout.toMillis();
    }

    String runTimeout(PipelineConfig config) {
        Duration timeout = limits.runTimeoutOf(config);
        return timeout == null ? "none" : Durations.format(timeout);
    }

    /** Why a task ends because the run was cancelled, or timed out ({@code runTimedOut}), {@code when}. */
    StatusReason cancelReason(boolean runTimedOut, PipelineConfig config, String when) {
        return runTimedOut
                ? new StatusReason(StatusReason.TIMEOUT, "the run took longer than its run_timeout of " + runTimeout(config) + " " + when)
                : new StatusReason(StatusReason.CANCELLED, "run was cancelled " + when);
    }

    /** The run's end as the DAG decided it, unless the run ran past its run_timeout: then failed with reason timeout. */
    Decisions.Outcome outcome(boolean runTimedOut, PipelineConfig config, Decisions.Outcome decided) {
        return runTimedOut ? new Decisions.Outcome(RunStatus.FAILED, new StatusReason(StatusReason.TIMEOUT,
                "the run took longer than its run_timeout of " + runTimeout(config))) : decided;
    }

    TaskLimits.Resources resources(TaskExecution t) {
        return limits.resourcesOf(t.task());
    }

    /** {@code timedOut}: Gofer stopped the container because it ran past its deadline. */
    AttemptEnd ended(TaskExecution t, ContainerExited exit, boolean timedOut, long now) {
        if (exit.error() != null && !timedOut) {
            return new AttemptEnd.Done(TaskStatus.FAILED, new StatusReason(StatusReason.SCHEDULER_ERROR, exit.error()), null);
        }
        if (exit.exitCode() != null && exit.exitCode() == 0 && !timedOut) {
            return new AttemptEnd.Done(TaskStatus.SUCCESSFUL, null, 0);
        }
        TaskRetry retry = t.task().retry();
        boolean attemptsLeft = retry != null && t.attempt() < retry.maxAttempts();
        StatusReason why;
        boolean retries;
        if (timedOut) {
            Duration timeout = limits.timeoutOf(t.task());
            why = new StatusReason(StatusReason.TIMEOUT, "ran longer than its timeout of "
                    + (timeout == null ? "?" : Durations.format(timeout)) + " and was stopped" + of(t, retry));
            retries = attemptsLeft && retry.retriesTimeouts();
        } else if (exit.oomKilled()) {
            Long memory = resources(t).memoryBytes();
            why = new StatusReason(StatusReason.OOM_KILLED, "killed for going past its memory limit"
                    + (memory == null ? "" : " of " + MemorySize.format(memory)) + of(t, retry));
            retries = attemptsLeft && retry.retriesExitCode(exit.exitCode());
        } else {
            why = new StatusReason(StatusReason.ABNORMAL_EXIT, "container exited with code " + exit.exitCode() + of(t, retry));
            retries = attemptsLeft && retry.retriesExitCode(exit.exitCode());
        }
        return retries ? new AttemptEnd.Retry(why, exit.exitCode(), now + retry.delayAfter(t.attempt()).toMillis())
                : new AttemptEnd.Done(TaskStatus.FAILED, why, exit.exitCode());
    }

    /** " (attempt 2 of 3)" for a task that may retry; nothing otherwise. */
    private static String of(TaskExecution t, TaskRetry retry) {
        return retry == null || retry.maxAttempts() < 2 ? "" : " (attempt " + t.attempt() + " of " + retry.maxAttempts() + ")";
    }
}
