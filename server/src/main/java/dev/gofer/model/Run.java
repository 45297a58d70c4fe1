package dev.gofer.model;

import java.util.List;

/**
 * One execution of a pipeline, at one config version. Times are epoch ms, 0 = not yet.
 * {@code storeObjectsExpired}: the run's objects were deleted because enough newer runs exist.
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
        boolean storeObjectsExpired) {

    public Run(RunKey key, long configVersion, long started, long ended, RunState state, RunStatus status,
               StatusReason statusReason, Initiator initiator, List<Variable> variables) {
        this(key, configVersion, started, ended, state, status, statusReason, initiator, variables, false);
    }

    public Run running() {
        return new Run(key, configVersion, started, ended, RunState.RUNNING, status, statusReason, initiator, variables, storeObjectsExpired);
    }

    public Run complete(RunStatus finalStatus, StatusReason reason, long endedAt) {
        return new Run(key, configVersion, started, endedAt, RunState.COMPLETE, finalStatus, reason, initiator, variables, storeObjectsExpired);
    }
}
