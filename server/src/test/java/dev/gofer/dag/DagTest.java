package dev.gofer.dag;

import static dev.gofer.sdk.config.RequiredParentStatus.ANY;
import static dev.gofer.sdk.config.RequiredParentStatus.FAILURE;
import static dev.gofer.sdk.config.RequiredParentStatus.SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.model.RunStatus;
import dev.gofer.model.StatusReason;
import dev.gofer.model.TaskStatus;
import dev.gofer.sdk.config.RequiredParentStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Dag#next(RunSnapshot)} decides what a run does next from a snapshot alone. Each test builds a
 * snapshot (tasks in config order, each not started, started or done with a status), asks once, and
 * checks the decisions: which tasks start, which are skipped, cancelled or stopped, and how the run ends.
 */
@DisplayName("Dag.next: what a run does next")
class DagTest {

    // ---- snapshot vocabulary ------------------------------------------------------------------

    /** A task with no parents, not started yet. */
    private static Node root(String id) {
        return Node.notStarted(id, Map.of());
    }

    /** A task not started yet, depending on parents given as (parent, condition) pairs, in that order. */
    private static Node child(String id, Object... parentConditionPairs) {
        Map<String, RequiredParentStatus> dependsOn = new LinkedHashMap<>();
        for (int i = 0; i < parentConditionPairs.length; i += 2) {
            dependsOn.put((String) parentConditionPairs[i], (RequiredParentStatus) parentConditionPairs[i + 1]);
        }
        return Node.notStarted(id, dependsOn);
    }

    private static Node running(Node node) {
        return node.started();
    }

    private static Node succeeded(Node node) {
        return node.done(TaskStatus.SUCCESSFUL, null);
    }

    private static Node failed(Node node, String reason) {
        return node.done(TaskStatus.FAILED, new StatusReason(reason, "task " + node.id() + " failed"));
    }

    /** Done with the given final status and the reason a real run would record for it. */
    private static Node ended(Node node, TaskStatus status) {
        return switch (status) {
            case SUCCESSFUL -> succeeded(node);
            case FAILED -> failed(node, StatusReason.ABNORMAL_EXIT);
            case SKIPPED -> node.done(TaskStatus.SKIPPED, new StatusReason(StatusReason.FAILED_PRECONDITION, "skipped"));
            case CANCELLED -> node.done(TaskStatus.CANCELLED, new StatusReason(StatusReason.CANCELLED, "cancelled"));
            case UNKNOWN -> node.done(TaskStatus.UNKNOWN, null);
        };
    }

    private static Decisions next(Node... nodes) {
        return Dag.next(new RunSnapshot(List.of(nodes), 0, false));
    }

    private static Decisions nextWithParallelism(long parallelism, Node... nodes) {
        return Dag.next(new RunSnapshot(List.of(nodes), parallelism, false));
    }

    private static Decisions nextAfterCancelRequest(Node... nodes) {
        return Dag.next(new RunSnapshot(List.of(nodes), 0, true));
    }

    private static void assertOutcome(Decisions decisions, RunStatus status, String reason) {
        assertTrue(decisions.outcome().isPresent(), "expected the run to end, got " + decisions);
        assertEquals(status, decisions.outcome().get().status(), "run status");
        if (reason != null) {
            assertEquals(reason, decisions.outcome().get().reason().reason(), "run status reason");
        }
    }

    private static void assertNoOutcome(Decisions decisions) {
        assertTrue(decisions.outcome().isEmpty(), "the run must not end yet, got " + decisions.outcome());
    }

    // ---- starting tasks -----------------------------------------------------------------------

    @Nested
    @DisplayName("starting tasks")
    class Starting {

        @Test
        @DisplayName("every task without parents starts at once, in parallel, in config order")
        void rootsStartTogether() {
            Decisions d = next(root("lint"), root("test"), root("build"));

            assertEquals(List.of("lint", "test", "build"), d.start());
            assertTrue(d.skip().isEmpty());
            assertNoOutcome(d);
        }

        @Test
        @DisplayName("a child does not start in the same evaluation as its not-yet-started parent")
        void childWaitsForNotStartedParent() {
            Decisions d = next(root("build"), child("deploy", "build", SUCCESS));

            assertEquals(List.of("build"), d.start());
            assertTrue(d.skip().isEmpty());
        }

        @ParameterizedTest(name = "condition {0}: child waits, nothing changes")
        @EnumSource(RequiredParentStatus.class)
        @DisplayName("a child waits (neither starts nor is skipped) while its parent is running")
        void childWaitsForRunningParent(RequiredParentStatus condition) {
            Decisions d = next(running(root("build")), child("deploy", "build", condition));

            assertTrue(d.changesNothing(), "expected no decision, got " + d);
        }

        @Test
        @DisplayName("a child waits until all of its parents are done, even if one has already failed its condition")
        void childWaitsForEveryParent() {
            Decisions d = next(
                    failed(root("unit"), StatusReason.ABNORMAL_EXIT),
                    running(root("integration")),
                    child("deploy", "unit", SUCCESS, "integration", SUCCESS));

            assertTrue(d.changesNothing(), "deploy must wait for integration, got " + d);
        }

        @Test
        @DisplayName("a child starts once every parent is done and meets its condition")
        void childStartsWhenAllParentsMeetConditions() {
            Decisions d = next(
                    succeeded(root("unit")),
                    failed(root("integration"), StatusReason.ABNORMAL_EXIT),
                    child("report", "unit", SUCCESS, "integration", ANY),
                    child("page-oncall", "integration", FAILURE));

            assertEquals(List.of("report", "page-oncall"), d.start());
            assertTrue(d.skip().isEmpty());
            assertNoOutcome(d);
        }

        @Test
        @DisplayName("tasks already running or done are never started again")
        void startedAndDoneTasksAreNotRestarted() {
            Decisions d = next(succeeded(root("a")), running(root("b")), root("c"));

            assertEquals(List.of("c"), d.start());
        }
    }

    // ---- conditions ---------------------------------------------------------------------------

    private enum Verdict { STARTS, IS_SKIPPED }

    @ParameterizedTest(name = "requires {0}, parent ended {1} -> child {2}")
    @CsvSource({
            "ANY,     SUCCESSFUL, STARTS",
            "ANY,     FAILED,     STARTS",
            "ANY,     SKIPPED,    STARTS",
            "ANY,     CANCELLED,  IS_SKIPPED",
            "SUCCESS, SUCCESSFUL, STARTS",
            "SUCCESS, FAILED,     IS_SKIPPED",
            "SUCCESS, SKIPPED,    IS_SKIPPED",
            "SUCCESS, CANCELLED,  IS_SKIPPED",
            "FAILURE, SUCCESSFUL, IS_SKIPPED",
            "FAILURE, FAILED,     STARTS",
            "FAILURE, SKIPPED,    IS_SKIPPED",
            "FAILURE, CANCELLED,  IS_SKIPPED",
    })
    @DisplayName("condition matrix: any accepts successful/failed/skipped, success only successful, failure only failed; cancelled meets none")
    void conditionMatrix(RequiredParentStatus condition, TaskStatus parentStatus, Verdict expected) {
        Decisions d = next(ended(root("parent"), parentStatus), child("child", "parent", condition));

        if (expected == Verdict.STARTS) {
            assertEquals(List.of("child"), d.start());
            assertTrue(d.skip().isEmpty(), "nothing may be skipped, got " + d.skip());
            assertNoOutcome(d);
        } else {
            assertTrue(d.start().isEmpty(), "child must not start, got " + d.start());
            assertEquals(Set.of("child"), d.skip().keySet());
            assertEquals(StatusReason.FAILED_PRECONDITION, d.skip().get("child").reason());
        }
    }

    // ---- skipping -----------------------------------------------------------------------------

    @Nested
    @DisplayName("skipping tasks whose condition can no longer be met")
    class Skipping {

        @Test
        @DisplayName("the skip reason is failed_precondition and names the parent, its status and the condition")
        void skipReasonNamesTheParent() {
            Decisions d = next(failed(root("build"), StatusReason.ABNORMAL_EXIT), child("deploy", "build", SUCCESS));

            StatusReason why = d.skip().get("deploy");
            assertEquals(StatusReason.FAILED_PRECONDITION, why.reason());
            assertTrue(why.description().contains("'build'"), why.description());
            assertTrue(why.description().contains("failed"), why.description());
            assertTrue(why.description().contains("success"), why.description());
        }

        @Test
        @DisplayName("with several parents, the reason names the parent whose condition failed")
        void skipReasonNamesTheOffendingParent() {
            Decisions d = next(
                    succeeded(root("unit")),
                    failed(root("lint"), StatusReason.ABNORMAL_EXIT),
                    child("deploy", "unit", SUCCESS, "lint", SUCCESS));

            String description = d.skip().get("deploy").description();
            assertTrue(description.contains("'lint'"), description);
            assertTrue(!description.contains("'unit'"), description);
        }

        @Test
        @DisplayName("a skip propagates transitively in one call: a failed -> b(success) and c(success on b) are both skipped")
        void skipPropagatesInOneCall() {
            Decisions d = next(
                    failed(root("a"), StatusReason.ABNORMAL_EXIT),
                    child("b", "a", SUCCESS),
                    child("c", "b", SUCCESS));

            assertEquals(List.of("b", "c"), List.copyOf(d.skip().keySet()));
            assertTrue(d.skip().get("b").description().contains("'a'"));
            assertTrue(d.skip().get("c").description().contains("'b'"));
            assertTrue(d.start().isEmpty());
        }

        @Test
        @DisplayName("a skip propagates in one call whatever the config order of the tasks")
        void skipPropagatesRegardlessOfOrder() {
            Decisions d = next(
                    child("d", "c", SUCCESS),
                    child("c", "b", SUCCESS),
                    child("b", "a", SUCCESS),
                    failed(root("a"), StatusReason.ABNORMAL_EXIT));

            assertEquals(Set.of("b", "c", "d"), d.skip().keySet());
            assertTrue(d.start().isEmpty());
        }

        @Test
        @DisplayName("a child that depends on a skipped task with `any` starts instead of being skipped")
        void anyChildOfSkippedTaskStarts() {
            Decisions d = next(
                    failed(root("a"), StatusReason.ABNORMAL_EXIT),
                    child("b", "a", SUCCESS),
                    child("c", "b", ANY));

            assertEquals(Set.of("b"), d.skip().keySet());
            assertEquals(List.of("c"), d.start());
            assertNoOutcome(d);
        }

        @Test
        @DisplayName("a task already recorded as skipped is not reported again (the call is safe to repeat)")
        void alreadySkippedIsNotReportedAgain() {
            Node a = failed(root("a"), StatusReason.ABNORMAL_EXIT);
            Node b = child("b", "a", SUCCESS);
            Decisions first = next(a, b);
            Node bSkipped = b.done(TaskStatus.SKIPPED, first.skip().get("b"));

            Decisions again = next(a, bSkipped);

            assertTrue(again.skip().isEmpty(), "got " + again.skip());
            assertTrue(again.start().isEmpty());
            assertOutcome(again, RunStatus.FAILED, StatusReason.ABNORMAL_EXIT);
        }

        @Test
        @DisplayName("next is pure: the same snapshot gives the same decisions and is not modified")
        void nextIsPure() {
            RunSnapshot snapshot = new RunSnapshot(List.of(
                    failed(root("a"), StatusReason.ABNORMAL_EXIT), child("b", "a", SUCCESS), root("c")), 0, false);
            List<Node> before = List.copyOf(snapshot.nodes());

            Decisions first = Dag.next(snapshot);
            Decisions second = Dag.next(snapshot);

            assertEquals(first, second);
            assertEquals(before, snapshot.nodes());
        }
    }

    // ---- parallelism --------------------------------------------------------------------------

    @Nested
    @DisplayName("pipeline parallelism cap")
    class Parallelism {

        @Test
        @DisplayName("cap 2 with 5 ready roots starts the first 2 in config order")
        void capLimitsStarts() {
            Decisions d = nextWithParallelism(2, root("a"), root("b"), root("c"), root("d"), root("e"));

            assertEquals(List.of("a", "b"), d.start());
            assertNoOutcome(d);
        }

        @Test
        @DisplayName("ties are broken by config order, not by name")
        void tieBreakIsConfigOrder() {
            Decisions d = nextWithParallelism(2, root("e"), root("d"), root("c"), root("b"), root("a"));

            assertEquals(List.of("e", "d"), d.start());
        }

        @Test
        @DisplayName("running tasks count against the cap: cap 2 with 1 running starts 1 more")
        void runningTasksUseTheCap() {
            Decisions d = nextWithParallelism(2, running(root("a")), root("b"), root("c"), root("d"), root("e"));

            assertEquals(List.of("b"), d.start());
        }

        @Test
        @DisplayName("when the cap is full nothing starts and the run goes on")
        void fullCapStartsNothing() {
            Decisions d = nextWithParallelism(2, running(root("a")), running(root("b")), root("c"));

            assertTrue(d.changesNothing(), "got " + d);
        }

        @Test
        @DisplayName("done tasks free their slot")
        void doneTasksDoNotUseTheCap() {
            Decisions d = nextWithParallelism(1, succeeded(root("a")), failed(root("b"), StatusReason.ABNORMAL_EXIT),
                    root("c"), root("d"));

            assertEquals(List.of("c"), d.start());
        }

        @Test
        @DisplayName("parallelism 0 means no cap: all 5 ready roots start")
        void zeroMeansUnlimited() {
            Decisions d = nextWithParallelism(0, root("a"), root("b"), root("c"), root("d"), root("e"));

            assertEquals(List.of("a", "b", "c", "d", "e"), d.start());
        }

        @Test
        @DisplayName("skips are not limited by the cap and do not use a slot")
        void skipsIgnoreTheCap() {
            Decisions d = nextWithParallelism(1,
                    failed(root("a"), StatusReason.ABNORMAL_EXIT),
                    child("b", "a", SUCCESS),
                    child("c", "a", SUCCESS),
                    child("d", "a", ANY),
                    child("e", "a", FAILURE));

            assertEquals(Set.of("b", "c"), d.skip().keySet());
            assertEquals(List.of("d"), d.start());
        }

        @Test
        @DisplayName("only ready tasks take a slot: a waiting child earlier in config order does not block a later root")
        void waitingTasksDoNotTakeASlot() {
            Decisions d = nextWithParallelism(2, running(root("a")), child("b", "a", SUCCESS), root("c"), root("d"));

            assertEquals(List.of("c"), d.start());
        }
    }

    // ---- outcome ------------------------------------------------------------------------------

    @Nested
    @DisplayName("how the run ends")
    class Outcome {

        @Test
        @DisplayName("all tasks successful -> run successful")
        void allSuccessful() {
            Decisions d = next(succeeded(root("a")), succeeded(child("b", "a", SUCCESS)));

            assertOutcome(d, RunStatus.SUCCESSFUL, null);
            assertTrue(d.start().isEmpty());
        }

        @Test
        @DisplayName("no outcome while a task is still running")
        void noOutcomeWhileRunning() {
            assertNoOutcome(next(succeeded(root("a")), running(root("b"))));
        }

        @Test
        @DisplayName("no outcome while a task can still start, even if another one failed")
        void noOutcomeWhileStartable() {
            Decisions d = next(failed(root("a"), StatusReason.ABNORMAL_EXIT), child("cleanup", "a", ANY));

            assertEquals(List.of("cleanup"), d.start());
            assertNoOutcome(d);
        }

        @Test
        @DisplayName("no outcome while ready tasks wait for a slot under the cap")
        void noOutcomeWhileWaitingForCap() {
            assertNoOutcome(nextWithParallelism(1, running(root("a")), root("b")));
        }

        @Test
        @DisplayName("any failed task fails the run, with abnormal_exit taken from the failed task")
        void failedTaskFailsRun() {
            Decisions d = next(succeeded(root("a")), failed(root("b"), StatusReason.ABNORMAL_EXIT), succeeded(root("c")));

            assertOutcome(d, RunStatus.FAILED, StatusReason.ABNORMAL_EXIT);
            assertTrue(d.outcome().get().reason().description().contains("b"));
        }

        @Test
        @DisplayName("the run reason comes from the first failed task in config order (scheduler_error first)")
        void failedReasonFromFirstFailedTask() {
            Decisions d = next(failed(root("a"), StatusReason.SCHEDULER_ERROR), failed(root("b"), StatusReason.ABNORMAL_EXIT));

            assertOutcome(d, RunStatus.FAILED, StatusReason.SCHEDULER_ERROR);
        }

        @Test
        @DisplayName("the run reason comes from the first failed task in config order (abnormal_exit first)")
        void failedReasonFromFirstFailedTaskOtherOrder() {
            Decisions d = next(failed(root("a"), StatusReason.ABNORMAL_EXIT), failed(root("b"), StatusReason.SCHEDULER_ERROR));

            assertOutcome(d, RunStatus.FAILED, StatusReason.ABNORMAL_EXIT);
        }

        @Test
        @DisplayName("a task reason that is not a run reason (orphaned) becomes unknown on the run")
        void nonRunReasonBecomesUnknown() {
            Decisions d = next(failed(root("a"), StatusReason.ORPHANED));

            assertOutcome(d, RunStatus.FAILED, StatusReason.UNKNOWN);
        }

        @Test
        @DisplayName("skipped tasks do not fail the run: the last skip and the successful outcome come in one call")
        void skippedTasksDoNotFailTheRun() {
            Decisions d = next(succeeded(root("build")), child("rollback", "build", FAILURE));

            assertEquals(Set.of("rollback"), d.skip().keySet());
            assertOutcome(d, RunStatus.SUCCESSFUL, null);
        }

        @Test
        @DisplayName("a failed task still fails the run even if a failure handler ran successfully")
        void handledFailureStillFailsRun() {
            Decisions d = next(failed(root("build"), StatusReason.ABNORMAL_EXIT),
                    succeeded(child("notify", "build", FAILURE)));

            assertOutcome(d, RunStatus.FAILED, StatusReason.ABNORMAL_EXIT);
        }

        @Test
        @DisplayName("a cancelled task beats a failed one: the run ends cancelled")
        void cancelledBeatsFailed() {
            Decisions d = next(failed(root("a"), StatusReason.ABNORMAL_EXIT), ended(root("b"), TaskStatus.CANCELLED));

            assertOutcome(d, RunStatus.CANCELLED, null);
        }
    }

    // ---- cancellation -------------------------------------------------------------------------

    @Nested
    @DisplayName("cancelling a run")
    class Cancellation {

        @Test
        @DisplayName("not-started tasks are cancelled, running ones stopped, done ones left alone; no outcome yet")
        void cancelAndStop() {
            Decisions d = nextAfterCancelRequest(
                    succeeded(root("a")),
                    running(root("b")),
                    child("c", "a", SUCCESS),
                    child("d", "b", SUCCESS));

            assertEquals(List.of("c", "d"), d.cancel());
            assertEquals(List.of("b"), d.stop());
            assertTrue(d.start().isEmpty(), "nothing starts during cancellation");
            assertTrue(d.skip().isEmpty());
            assertNoOutcome(d);
        }

        @Test
        @DisplayName("with nothing running, the run ends cancelled (user_cancelled) in the same call")
        void cancelledWhenNothingRunning() {
            Decisions d = nextAfterCancelRequest(succeeded(root("a")), root("b"), child("c", "b", ANY));

            assertEquals(List.of("b", "c"), d.cancel());
            assertTrue(d.stop().isEmpty());
            assertTrue(d.start().isEmpty(), "ready tasks must not start once cancel is requested");
            assertOutcome(d, RunStatus.CANCELLED, StatusReason.USER_CANCELLED);
        }

        @Test
        @DisplayName("once the stopped tasks are done, the run ends cancelled (user_cancelled)")
        void cancelledAfterStoppedTasksEnd() {
            Decisions d = nextAfterCancelRequest(
                    succeeded(root("a")),
                    ended(root("b"), TaskStatus.CANCELLED),
                    ended(child("c", "b", SUCCESS), TaskStatus.CANCELLED));

            assertTrue(d.cancel().isEmpty());
            assertTrue(d.stop().isEmpty());
            assertOutcome(d, RunStatus.CANCELLED, StatusReason.USER_CANCELLED);
        }

        @Test
        @DisplayName("cancellation ignores the parallelism cap: every running task is stopped")
        void stopAllRunning() {
            Decisions d = Dag.next(new RunSnapshot(List.of(running(root("a")), running(root("b")), root("c")), 1, true));

            assertEquals(List.of("a", "b"), d.stop());
            assertEquals(List.of("c"), d.cancel());
        }
    }

    // ---- a whole DAG --------------------------------------------------------------------------

    @Nested
    @DisplayName("diamond: checkout -> (test, lint) -> publish")
    class Diamond {
        private final Node checkout = root("checkout");
        private final Node test = child("test", "checkout", SUCCESS);
        private final Node lint = child("lint", "checkout", SUCCESS);
        private final Node publish = child("publish", "test", SUCCESS, "lint", SUCCESS);

        @Test
        @DisplayName("only the top starts first")
        void topFirst() {
            assertEquals(List.of("checkout"), next(checkout, test, lint, publish).start());
        }

        @Test
        @DisplayName("both middle tasks start together when the top succeeds")
        void middleInParallel() {
            Decisions d = next(succeeded(checkout), test, lint, publish);

            assertEquals(List.of("test", "lint"), d.start());
        }

        @Test
        @DisplayName("the bottom waits while one middle task is still running")
        void bottomWaitsForBothMiddles() {
            Decisions d = next(succeeded(checkout), succeeded(test), running(lint), publish);

            assertTrue(d.changesNothing(), "got " + d);
        }

        @Test
        @DisplayName("the bottom starts once both middle tasks succeed, and the run then ends successful")
        void bottomThenSuccess() {
            assertEquals(List.of("publish"), next(succeeded(checkout), succeeded(test), succeeded(lint), publish).start());

            Decisions end = next(succeeded(checkout), succeeded(test), succeeded(lint), succeeded(publish));
            assertOutcome(end, RunStatus.SUCCESSFUL, null);
        }

        @Test
        @DisplayName("one failed middle task skips the bottom (naming it) and the run fails")
        void failedMiddleSkipsBottom() {
            Decisions d = next(succeeded(checkout), succeeded(test), failed(lint, StatusReason.ABNORMAL_EXIT), publish);

            assertEquals(Set.of("publish"), d.skip().keySet());
            assertTrue(d.skip().get("publish").description().contains("'lint'"));
            assertOutcome(d, RunStatus.FAILED, StatusReason.ABNORMAL_EXIT);
        }

        @Test
        @DisplayName("a failed top skips the whole rest of the diamond in one call")
        void failedTopSkipsEverything() {
            Decisions d = next(failed(checkout, StatusReason.SCHEDULER_ERROR), test, lint, publish);

            assertEquals(Set.of("test", "lint", "publish"), d.skip().keySet());
            assertOutcome(d, RunStatus.FAILED, StatusReason.SCHEDULER_ERROR);
        }
    }
}
