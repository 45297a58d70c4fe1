package dev.gofer.model;

import java.util.List;

/**
 * One execution of a pipeline, at one config version. Times are epoch ms, 0 = not yet.
 * {@code storeObjectsExpired}: the run's objects were deleted because enough newer runs exist. {@code deadline}
 * (epoch ms, 0 = none): when the run times out ({@code run_timeout}); stored, so a restart enforces it.
 * {@code waitingFor}: while the run is pending, what it waits for (null once it runs, or when it waits for nothing).
 */
public record Run(
        RunKey key,
        long configVersion,
        long started,
        long ended,
        RunState state,
        RunStatus status,
        StatusReason statusReason,
        Initiator initiator,
        List<Variable> variables,
        boolean storeObjectsExpired,
        long deadline,
        WaitingFor waitingFor) {

    public Run(RunKey key, long configVersion, long started, long ended, RunState state, RunStatus status,
               StatusReason statusReason, Initiator initiator, List<Variable> variables) {
        this(key, configVersion, started, ended, state, status, statusReason, initiator, variables, false, 0, null);
    }

    public Run(RunKey key, long configVersion, long started, long ended, RunState state, RunStatus status,
               StatusReason statusReason, Initiator initiator, List<Variable> variables, boolean storeObjectsExpired) {
        this(key, configVersion, started, ended, state, status, statusReason, initiator, variables, storeObjectsExpired, 0, null);
    }

    public Run running() {
        return running(deadline);
    }

    /** Running from now on, timing out at {@code deadlineAt} (0 = never). */
    public Run running(long deadlineAt) {
        return new Run(key, configVersion, started, ended, RunState.RUNNING, status, statusReason, initiator, variables,
                storeObjectsExpired, deadlineAt, null);
    }

    /**
     * Leaves the queue: running from {@code startedAt} (a pending run's {@code started} is when it was queued),
     * timing out at {@code deadlineAt} (0 = never).
     */
    public Run admitted(long startedAt, long deadlineAt) {
        return new Run(key, configVersion, startedAt, ended, RunState.RUNNING, status, statusReason, initiator, variables,
                storeObjectsExpired, deadlineAt, null);
    }

    public Run waiting(WaitingFor why) {
        return new Run(key, configVersion, started, ended, state, status, statusReason, initiator, variables, storeObjectsExpired,
                deadline, why);
    }

    public Run complete(RunStatus finalStatus, StatusReason reason, long endedAt) {
        return new Run(key, configVersion, started, endedAt, RunState.COMPLETE, finalStatus, reason, initiator, variables,
                storeObjectsExpired, deadline, null);
    }
}
