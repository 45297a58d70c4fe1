package dev.gofer.dag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.model.RunStatus;
import dev.gofer.model.StatusReason;
import dev.gofer.model.TaskStatus;
import dev.gofer.sdk.config.RequiredParentStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link Dag#next} against {@link ReferenceDag}, the evaluator it replaced (obviously right, quadratic): the same
 * snapshot must give equal decisions, down to the order the skips are reported in (the orchestrator stores and
 * announces them in that order).
 */
@DisplayName("Dag.next decides exactly as the reference evaluator")
class DagPropertyTest {
    private static final RequiredParentStatus[] CONDITIONS = RequiredParentStatus.values();
    private static final TaskStatus[] FINAL = TaskStatus.values();

    @Test
    @DisplayName("a 1,000-task chain listed children-first whose root failed: all 999 skipped in one call, in the reference's order")
    void skipCascadeOnAThousandTasks() {
        List<Node> nodes = new ArrayList<>();
        for (int i = 999; i >= 0; i--) {
            Node n = Node.notStarted("t" + i, i == 0 ? Map.of() : Map.of("t" + (i - 1), RequiredParentStatus.SUCCESS));
            nodes.add(i == 0 ? n.done(TaskStatus.FAILED, new StatusReason(StatusReason.ABNORMAL_EXIT, "exit 1")) : n);
        }
        RunSnapshot snapshot = new RunSnapshot(nodes, 0, false);

        Decisions d = Dag.next(snapshot);

        List<String> expectedOrder = new ArrayList<>();
        for (int i = 1; i < 1000; i++) {
            expectedOrder.add("t" + i); // t1 is found in the first sweep, each next one a sweep later
        }
        assertEquals(expectedOrder, List.copyOf(d.skip().keySet()));
        assertEquals("skipped: parent 't41' ended skipped but this task requires success", d.skip().get("t42").description());
        assertTrue(d.start().isEmpty());
        assertEquals(RunStatus.FAILED, d.outcome().orElseThrow().status());
        assertSame(ReferenceDag.next(snapshot), d);
    }

    @Test
    @DisplayName("random DAGs in random config order and random states: same decisions as the reference")
    void randomDags() {
        Random random = new Random(8_1000);
        for (int round = 0; round < 20_000; round++) {
            RunSnapshot snapshot = randomSnapshot(random, false);
            assertSame(ReferenceDag.next(snapshot), Dag.next(snapshot), "round " + round, snapshot);
        }
    }

    @Test
    @DisplayName("random graphs with cycles, self-loops and repeated ids (which configs never have): same decisions")
    void randomGraphsThatAreNotDags() {
        Random random = new Random(42);
        for (int round = 0; round < 5_000; round++) {
            RunSnapshot snapshot = randomSnapshot(random, true);
            assertSame(ReferenceDag.next(snapshot), Dag.next(snapshot), "round " + round, snapshot);
        }
    }

    @Test
    @DisplayName("a repeated id keeps its first position and its last state, as with the reference")
    void repeatedIdKeepsFirstPositionAndLastState() {
        RunSnapshot snapshot = new RunSnapshot(List.of(
                Node.notStarted("a", Map.of()),
                Node.notStarted("b", Map.of()),
                Node.notStarted("a", Map.of()).started()), 0, false);

        Decisions d = Dag.next(snapshot);

        assertEquals(List.of("b"), d.start());
        assertSame(ReferenceDag.next(snapshot), d);
    }

    /**
     * Tasks get a hidden rank; edges go from lower to higher rank (a DAG) unless {@code anyGraph}; the list is
     * then shuffled so config order and dependency order disagree. States are drawn so most snapshots are ones a
     * real run passes through (parents done before children start), with some arbitrary ones mixed in.
     */
    private static RunSnapshot randomSnapshot(Random random, boolean anyGraph) {
        int n = 1 + random.nextInt(random.nextInt(10) == 0 ? 60 : 14);
        double edgeChance = random.nextDouble() * 0.5;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("t" + i);
        }
        List<Map<String, RequiredParentStatus>> dependsOn = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, RequiredParentStatus> parents = new LinkedHashMap<>();
            List<Integer> candidates = new ArrayList<>();
            for (int p = 0; p < (anyGraph ? n : i); p++) {
                candidates.add(p);
            }
            Collections.shuffle(candidates, random); // depends_on order matters for the skip reason
            for (int p : candidates) {
                if (random.nextDouble() < edgeChance) {
                    parents.put(ids.get(p), CONDITIONS[random.nextInt(CONDITIONS.length)]);
                }
            }
            dependsOn.add(parents);
        }
        boolean realistic = random.nextInt(4) != 0;
        double doneChance = random.nextDouble();
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Node node = Node.notStarted(ids.get(i), dependsOn.get(i));
            boolean parentsDone = true;
            for (String parent : dependsOn.get(i).keySet()) {
                int p = Integer.parseInt(parent.substring(1));
                if (p >= nodes.size() || nodes.get(p).phase() != Node.Phase.DONE) {
                    parentsDone = false;
                }
            }
            if (!realistic || parentsDone) {
                double roll = random.nextDouble();
                if (roll < doneChance) {
                    node = ended(node, FINAL[random.nextInt(FINAL.length)], random);
                } else if (roll < doneChance + (1 - doneChance) / 3) {
                    node = node.started();
                }
            }
            nodes.add(node);
        }
        if (anyGraph && n > 1 && random.nextBoolean()) {
            // A repeated id: the earlier position stays, this state wins.
            Node twin = nodes.get(random.nextInt(n));
            nodes.add(random.nextBoolean() ? twin.started() : ended(twin, FINAL[random.nextInt(FINAL.length)], random));
        }
        Collections.shuffle(nodes, random);
        long parallelism = random.nextInt(3) == 0 ? 0 : random.nextInt(n + 2);
        return new RunSnapshot(nodes, parallelism, random.nextInt(8) == 0);
    }

    private static Node ended(Node node, TaskStatus status, Random random) {
        String[] reasons = {StatusReason.ABNORMAL_EXIT, StatusReason.SCHEDULER_ERROR, StatusReason.FAILED_PRECONDITION,
                StatusReason.ORPHANED, StatusReason.CANCELLED};
        StatusReason why = random.nextInt(5) == 0 ? null
                : new StatusReason(reasons[random.nextInt(reasons.length)], "task " + node.id() + " ended " + status.wire());
        return node.done(status, why);
    }

    private static void assertSame(Decisions expected, Decisions actual) {
        assertSame(expected, actual, "", null);
    }

    /** Equal decisions, and the skips in the same order (record equality alone ignores a map's order). */
    private static void assertSame(Decisions expected, Decisions actual, String what, RunSnapshot snapshot) {
        // Messages are built only on failure: printing a snapshot costs more than evaluating it.
        Supplier<String> context = () -> what + (snapshot == null ? "" : ", snapshot " + snapshot);
        assertEquals(expected, actual, context);
        assertEquals(List.copyOf(expected.skip().entrySet()), List.copyOf(actual.skip().entrySet()),
                () -> "skip order, " + context.get());
    }
}
