package dev.gofer.model;

import java.util.List;

/** One execution of a pipeline, at one config version. Times are epoch ms, 0 = not yet. */
public record Run(
        RunKey key,
        long configVersion,
        long started,
        long ended,
        RunState state,
        RunStatus status,
        StatusReason statusReason,
        Initiator initiator,
        List<Variable> variables) {

    public Run running() {
        return new Run(key, configVersion, started, ended, RunState.RUNNING, status, statusReason, initiator, variables);
    }

    public Run complete(RunStatus finalStatus, StatusReason reason, long endedAt) {
        return new Run(key, configVersion, started, endedAt, RunState.COMPLETE, finalStatus, reason, initiator, variables);
    }
}
