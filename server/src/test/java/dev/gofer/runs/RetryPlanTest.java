package dev.gofer.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.model.GoferException;
import dev.gofer.model.TaskStatus;
import dev.gofer.sdk.config.PipelineConfig;
import dev.gofer.sdk.config.RequiredParentStatus;
import dev.gofer.sdk.config.TaskConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link RetryPlan}: which tasks a retried run reuses. */
@DisplayName("Re-run from failure: which tasks are reused")
class RetryPlanTest {
    /** a → b → c → d, and e beside them. */
    private static final PipelineConfig CHAIN = PipelineConfig.builder("chain", "Chain")
            .task(TaskConfig.builder("a", "busybox"))
            .task(TaskConfig.builder("b", "busybox").dependsOn("a", RequiredParentStatus.SUCCESS))
            .task(TaskConfig.builder("c", "busybox").dependsOn("b", RequiredParentStatus.SUCCESS))
            .task(TaskConfig.builder("d", "busybox").dependsOn("c", RequiredParentStatus.SUCCESS))
            .task(TaskConfig.builder("e", "busybox"))
            .build();

    @Test
    @DisplayName("what succeeded is reused; the failed task and what it kept from running run again")
    void reusesSuccesses() {
        Map<String, TaskStatus> statuses = Map.of("a", TaskStatus.SUCCESSFUL, "b", TaskStatus.SUCCESSFUL,
                "c", TaskStatus.FAILED, "d", TaskStatus.SKIPPED, "e", TaskStatus.SUCCESSFUL);

        assertEquals(Set.of("a", "b", "e"), RetryPlan.reused(CHAIN, statuses, List.of()));
    }

    @Test
    @DisplayName("from re-runs a task that succeeded and everything downstream of it")
    void fromRerunsDownstream() {
        Map<String, TaskStatus> allGood = Map.of("a", TaskStatus.SUCCESSFUL, "b", TaskStatus.SUCCESSFUL,
                "c", TaskStatus.SUCCESSFUL, "d", TaskStatus.SUCCESSFUL, "e", TaskStatus.SUCCESSFUL);

        assertEquals(Set.of("a", "e"), RetryPlan.reused(CHAIN, allGood, List.of("b")));
        assertEquals(Set.of(), RetryPlan.reused(CHAIN, allGood, List.of("a", "e")));
    }

    @Test
    @DisplayName("a task that succeeded after a parent that failed runs again with it (an 'any' cleanup task)")
    void successDownstreamOfAFailureRunsAgain() {
        PipelineConfig withCleanup = PipelineConfig.builder("chain", "Chain")
                .task(TaskConfig.builder("build", "busybox"))
                .task(TaskConfig.builder("cleanup", "busybox").dependsOn("build", RequiredParentStatus.ANY))
                .build();

        assertEquals(Set.of(), RetryPlan.reused(withCleanup,
                Map.of("build", TaskStatus.FAILED, "cleanup", TaskStatus.SUCCESSFUL), List.of()));
    }

    @Test
    @DisplayName("an unknown task in from is a 400 naming it and the tasks there are")
    void unknownFrom() {
        GoferException e = assertThrows(GoferException.class, () -> RetryPlan.reused(CHAIN, Map.of(), List.of("nope")));

        assertEquals(GoferException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith("from: unknown task 'nope'"), e.getMessage());
        assertTrue(e.getMessage().contains("[a, b, c, d, e]"), e.getMessage());
    }
}
