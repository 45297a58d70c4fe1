package dev.gofer.dag;

import dev.gofer.model.StatusReason;
import dev.gofer.model.RunStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the orchestrator should do next for a run.
 *
 * @param start   tasks to hand to the scheduler now
 * @param skip    tasks that can no longer run, with the reason (their condition cannot be met)
 * @param cancel  tasks never started that are cancelled because the run is being cancelled
 * @param stop    started tasks whose containers must be stopped because the run is being cancelled
 * @param outcome present once every task is done: how the run ends
 */
public record Decisions(List<String> start, Map<String, StatusReason> skip, List<String> cancel, List<String> stop,
                        Optional<Outcome> outcome) {

    public record Outcome(RunStatus status, StatusReason reason) {
    }

    public boolean changesNothing() {
        return start.isEmpty() && skip.isEmpty() && cancel.isEmpty() && stop.isEmpty() && outcome.isEmpty();
    }
}
