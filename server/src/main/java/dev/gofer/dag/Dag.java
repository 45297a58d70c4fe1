package dev.gofer.dag;

import dev.gofer.dag.Node.Phase;
import dev.gofer.model.RunStatus;
import dev.gofer.model.StatusReason;
import dev.gofer.model.TaskStatus;
import dev.gofer.sdk.config.RequiredParentStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what happens next in a run, from a snapshot of its state alone (no I/O, no clock), so the
 * orchestrator can call it after every change and again after a restart.
 *
 * <p>Rules: a task starts once all its parents are done and each parent's status meets the condition
 * on its edge: {@code any} accepts successful, failed and skipped; {@code success} only successful;
 * {@code failure} only failed. A cancelled parent meets no condition. A task whose condition cannot be
 * met is skipped, which may in turn skip its own children within the same evaluation.
 *
 * <p>Cost: linear in tasks + edges (plus sorting the skipped tasks), because the orchestrator calls this on the
 * event loop after every task event. Only tasks whose parents are all done are ever looked at, and a skip only
 * looks at the children it may have made ready (a count of unfinished parents per task), so a cascade of skips
 * is settled in one sweep whatever the order the tasks are listed in. No topological order is needed, so
 * nothing has to be computed per config, and a graph that is not a DAG behaves as it always did: tasks on a
 * cycle simply never become ready.
 */
public final class Dag {
    // wire() lower-cases on every call; a skip cascade names a status and a condition per skipped task.
    private static final String[] STATUS_WIRE = wireNames(TaskStatus.values());
    private static final String[] CONDITION_WIRE = wireNames(RequiredParentStatus.values());

    private Dag() {
    }

    public static Decisions next(RunSnapshot run) {
        // Tasks by position; a repeated id keeps its first position and its last state, as a map keyed by id
        // would (configs never repeat ids; this only keeps the function total).
        List<Node> listed = run.nodes();
        Positions index = new Positions(listed.size());
        Node[] nodes = new Node[listed.size()];
        int n = 0;
        for (Node node : listed) {
            int at = index.putIfAbsent(node.id(), n);
            if (at < 0) {
                nodes[n++] = node;
            } else {
                nodes[at] = node;
            }
        }

        if (run.cancelRequested()) {
            return cancelling(nodes, n);
        }

        // For every task not started yet: its parents' positions (in its depends_on order) and how many are not
        // done. Tasks already started or done are never decided on, so their parents are not looked up.
        int[][] parents = new int[n][];
        int[] pending = new int[n];
        int started = 0;
        int[] ready = new int[n]; // work list: not-started tasks whose parents are all done, to decide on
        int readyCount = 0;
        for (int i = 0; i < n; i++) {
            Node node = nodes[i];
            if (node.phase() == Phase.STARTED) {
                started++;
            }
            if (node.phase() != Phase.NOT_STARTED) {
                continue;
            }
            int[] ps = new int[node.dependsOn().size()];
            int k = 0;
            int notDone = 0;
            for (String parent : node.dependsOn().keySet()) {
                int p = index.get(parent);
                if (p < 0) {
                    throw new IllegalArgumentException("task '" + node.id() + "' depends on '" + parent
                            + "', which is not a task of this run");
                }
                ps[k++] = p;
                if (nodes[p].phase() != Phase.DONE) {
                    notDone++;
                }
            }
            parents[i] = ps;
            pending[i] = notDone;
            if (notDone == 0) {
                ready[readyCount++] = i;
            }
        }

        // Decide on each ready task once. A skip finishes that task, which may make its not-started children
        // ready; they are decided on in turn. The skip set does not depend on the order this happens in, since a
        // task is only decided on once all its parents are final.
        boolean[] skipped = new boolean[n];
        int skipCount = 0;
        int[] pass = null; // the sweep each task would be found in (below); needed only once something is skipped
        int[][] children = null;
        for (int r = 0; r < readyCount; r++) {
            int i = ready[r];
            String unmet = unmetCondition(nodes[i], parents[i], nodes);
            if (unmet == null) {
                continue; // startable
            }
            StatusReason why = new StatusReason(StatusReason.FAILED_PRECONDITION, unmet);
            nodes[i] = nodes[i].done(TaskStatus.SKIPPED, why);
            skipped[i] = true;
            skipCount++;
            if (children == null) {
                children = children(parents, n);
                pass = new int[n]; // 0 = the first sweep
            }
            for (int c : children[i]) {
                // The skips are reported in the order the earlier evaluator found them: sweep after sweep over the
                // tasks in config order, until a sweep skips nothing. A task is found in the latest sweep that
                // skipped one of its parents, or in the one after if that parent is listed after the task.
                pass[c] = Math.max(pass[c], pass[i] + (i > c ? 1 : 0));
                if (--pending[c] == 0) {
                    ready[readyCount++] = c;
                }
            }
        }
        Map<String, StatusReason> skip = new LinkedHashMap<>();
        if (skipCount > 0) {
            long[] order = new long[skipCount];
            int s = 0;
            for (int i = 0; i < n; i++) {
                if (skipped[i]) {
                    order[s++] = ((long) pass[i] << 32) | i;
                }
            }
            Arrays.sort(order);
            for (long key : order) {
                Node node = nodes[(int) key];
                skip.put(node.id(), node.reason());
            }
        }

        // Start what is ready and was not skipped, in config order, up to the cap.
        long room = run.parallelism() == 0 ? Long.MAX_VALUE : Math.max(0, run.parallelism() - started);
        List<String> start = new ArrayList<>();
        boolean allDone = true;
        for (int i = 0; i < n; i++) {
            Phase phase = nodes[i].phase();
            if (phase != Phase.DONE) {
                allDone = false;
            }
            if (phase == Phase.NOT_STARTED && pending[i] == 0 && start.size() < room) {
                start.add(nodes[i].id());
            }
        }
        Optional<Decisions.Outcome> outcome = start.isEmpty() && allDone ? Optional.of(outcome(nodes, n)) : Optional.empty();
        return new Decisions(start, skip, List.of(), List.of(), outcome);
    }

    /** Children not started yet of each task, from the parents of the tasks not started yet. */
    private static int[][] children(int[][] parents, int n) {
        int[] count = new int[n];
        for (int[] ps : parents) {
            if (ps != null) {
                for (int p : ps) {
                    count[p]++;
                }
            }
        }
        int[][] children = new int[n][];
        for (int i = 0; i < n; i++) {
            children[i] = new int[count[i]];
        }
        Arrays.fill(count, 0);
        for (int c = 0; c < n; c++) {
            if (parents[c] != null) {
                for (int p : parents[c]) {
                    children[p][count[p]++] = c;
                }
            }
        }
        return children;
    }

    private static Decisions cancelling(Node[] nodes, int n) {
        List<String> cancel = new ArrayList<>();
        List<String> stop = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (nodes[i].phase() == Phase.NOT_STARTED) {
                cancel.add(nodes[i].id());
            } else if (nodes[i].phase() == Phase.STARTED) {
                stop.add(nodes[i].id());
            }
        }
        Optional<Decisions.Outcome> outcome = stop.isEmpty()
                ? Optional.of(new Decisions.Outcome(RunStatus.CANCELLED,
                        new StatusReason(StatusReason.USER_CANCELLED, "run was cancelled")))
                : Optional.empty();
        return new Decisions(List.of(), Map.of(), cancel, stop, outcome);
    }

    /** Why the first parent (in depends_on order) whose condition is not met blocks the task; null if none. */
    private static String unmetCondition(Node node, int[] parents, Node[] nodes) {
        int k = 0;
        for (var edge : node.dependsOn().entrySet()) {
            TaskStatus parent = nodes[parents[k++]].status();
            if (!meets(edge.getValue(), parent)) {
                return "skipped: parent '" + edge.getKey() + "' ended " + STATUS_WIRE[parent.ordinal()]
                        + " but this task requires " + CONDITION_WIRE[edge.getValue().ordinal()];
            }
        }
        return null;
    }

    static boolean meets(RequiredParentStatus required, TaskStatus parent) {
        return switch (required) {
            case ANY -> parent == TaskStatus.SUCCESSFUL || parent == TaskStatus.FAILED || parent == TaskStatus.SKIPPED;
            case SUCCESS -> parent == TaskStatus.SUCCESSFUL;
            case FAILURE -> parent == TaskStatus.FAILED;
        };
    }

    /** Once every task is done: cancelled beats failed beats successful; skipped fails nothing. */
    private static Decisions.Outcome outcome(Node[] nodes, int n) {
        Node firstFailed = null;
        StringBuilder names = null;
        for (int i = 0; i < n; i++) {
            TaskStatus status = nodes[i].status();
            if (status == TaskStatus.CANCELLED) {
                return new Decisions.Outcome(RunStatus.CANCELLED,
                        new StatusReason(StatusReason.USER_CANCELLED, "a task was cancelled"));
            }
            if (status == TaskStatus.FAILED || status == TaskStatus.UNKNOWN) {
                if (firstFailed == null) {
                    firstFailed = nodes[i];
                    names = new StringBuilder(nodes[i].id());
                } else {
                    names.append(", ").append(nodes[i].id());
                }
            }
        }
        if (firstFailed == null) {
            return new Decisions.Outcome(RunStatus.SUCCESSFUL, null);
        }
        String reason = firstFailed.reason() == null ? StatusReason.UNKNOWN : firstFailed.reason().reason();
        return new Decisions.Outcome(RunStatus.FAILED, new StatusReason(runReason(reason), "failed tasks: " + names));
    }

    private static String[] wireNames(Enum<?>[] values) {
        String[] names = new String[values.length];
        for (Enum<?> value : values) {
            names[value.ordinal()] = value.name().toLowerCase(Locale.ROOT);
        }
        return names;
    }

    /**
     * Task id to position, by open addressing over plain arrays: no boxing and no entry objects, since the
     * table is built anew for every evaluation (it is most of the cost of a large run's evaluation).
     */
    private static final class Positions {
        private final String[] ids;
        private final int[] positions;
        private final int shift;

        Positions(int expected) {
            int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1; // power of two, at most half full
            ids = new String[capacity];
            positions = new int[capacity];
            shift = 32 - Integer.numberOfTrailingZeros(capacity);
        }

        /** Stores id at position unless present; returns the position already stored, or -1. */
        int putIfAbsent(String id, int position) {
            int slot = slot(id);
            if (ids[slot] != null) {
                return positions[slot];
            }
            ids[slot] = id;
            positions[slot] = position;
            return -1;
        }

        /** The position of id, or -1. */
        int get(String id) {
            int slot = slot(id);
            return ids[slot] == null ? -1 : positions[slot];
        }

        /** The slot holding id, or the empty slot where it would go. */
        private int slot(String id) {
            int mask = ids.length - 1;
            int slot = (id.hashCode() * 0x9E3779B9) >>> shift; // Fibonacci hashing: ids like t1, t2, ... spread out
            while (ids[slot] != null && !ids[slot].equals(id)) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }
    }

    /** Task reasons that are not run reasons (cancelled, orphaned) fold into unknown. */
    private static String runReason(String taskReason) {
        return switch (taskReason) {
            case StatusReason.ABNORMAL_EXIT, StatusReason.SCHEDULER_ERROR, StatusReason.FAILED_PRECONDITION, StatusReason.TIMEOUT,
                 StatusReason.OOM_KILLED -> taskReason;
            default -> StatusReason.UNKNOWN;
        };
    }
}
