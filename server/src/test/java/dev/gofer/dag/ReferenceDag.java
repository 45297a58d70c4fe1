package dev.gofer.dag;

import dev.gofer.dag.Node.Phase;
import dev.gofer.model.RunStatus;
import dev.gofer.model.StatusReason;
import dev.gofer.model.TaskStatus;
import dev.gofer.sdk.config.RequiredParentStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The evaluator as it was before it was made linear, kept word for word as the reference the randomized
 * {@link DagPropertyTest} compares {@link Dag#next} against. It is obviously right but slow: it copies the run into
 * a map and repeats a full pass over every task after any skip, so a chain listed children-first whose root failed
 * takes one pass per task (quadratic).
 */
final class ReferenceDag {
    private ReferenceDag() {
    }

    public static Decisions next(RunSnapshot run) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        run.nodes().forEach(n -> nodes.put(n.id(), n));

        if (run.cancelRequested()) {
            return cancelling(nodes);
        }

        Map<String, StatusReason> skip = new LinkedHashMap<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Node node : nodes.values()) {
                if (node.phase() != Phase.NOT_STARTED || !parentsDone(node, nodes)) {
                    continue;
                }
                Optional<String> unmet = unmetCondition(node, nodes);
                if (unmet.isPresent()) {
                    StatusReason why = new StatusReason(StatusReason.FAILED_PRECONDITION, unmet.get());
                    skip.put(node.id(), why);
                    nodes.put(node.id(), node.done(TaskStatus.SKIPPED, why));
                    changed = true;
                }
            }
        }

        long started = nodes.values().stream().filter(n -> n.phase() == Phase.STARTED).count();
        long room = run.parallelism() == 0 ? Long.MAX_VALUE : Math.max(0, run.parallelism() - started);
        List<String> start = new ArrayList<>();
        for (Node node : nodes.values()) {
            if (start.size() >= room) {
                break;
            }
            if (node.phase() == Phase.NOT_STARTED && parentsDone(node, nodes)) {
                start.add(node.id());
            }
        }
        Optional<Decisions.Outcome> outcome = start.isEmpty() ? outcome(nodes) : Optional.empty();
        return new Decisions(start, skip, List.of(), List.of(), outcome);
    }

    private static Decisions cancelling(Map<String, Node> nodes) {
        List<String> cancel = new ArrayList<>();
        List<String> stop = new ArrayList<>();
        for (Node node : nodes.values()) {
            if (node.phase() == Phase.NOT_STARTED) {
                cancel.add(node.id());
                nodes.put(node.id(), node.done(TaskStatus.CANCELLED, null));
            } else if (node.phase() == Phase.STARTED) {
                stop.add(node.id());
            }
        }
        Optional<Decisions.Outcome> outcome = stop.isEmpty()
                ? Optional.of(new Decisions.Outcome(RunStatus.CANCELLED,
                        new StatusReason(StatusReason.USER_CANCELLED, "run was cancelled")))
                : Optional.empty();
        return new Decisions(List.of(), Map.of(), cancel, stop, outcome);
    }

    private static boolean parentsDone(Node node, Map<String, Node> nodes) {
        return node.dependsOn().keySet().stream().allMatch(p -> nodes.get(p).phase() == Phase.DONE);
    }

    private static Optional<String> unmetCondition(Node node, Map<String, Node> nodes) {
        for (var edge : node.dependsOn().entrySet()) {
            TaskStatus parent = nodes.get(edge.getKey()).status();
            if (!meets(edge.getValue(), parent)) {
                return Optional.of("skipped: parent '" + edge.getKey() + "' ended " + parent.wire()
                        + " but this task requires " + edge.getValue().wire());
            }
        }
        return Optional.empty();
    }

    static boolean meets(RequiredParentStatus required, TaskStatus parent) {
        return switch (required) {
            case ANY -> parent == TaskStatus.SUCCESSFUL || parent == TaskStatus.FAILED || parent == TaskStatus.SKIPPED;
            case SUCCESS -> parent == TaskStatus.SUCCESSFUL;
            case FAILURE -> parent == TaskStatus.FAILED;
        };
    }

    /** Present only when every task is done. Cancelled beats failed beats successful; skipped fails nothing. */
    private static Optional<Decisions.Outcome> outcome(Map<String, Node> nodes) {
        if (!nodes.values().stream().allMatch(n -> n.phase() == Phase.DONE)) {
            return Optional.empty();
        }
        if (nodes.values().stream().anyMatch(n -> n.status() == TaskStatus.CANCELLED)) {
            return Optional.of(new Decisions.Outcome(RunStatus.CANCELLED,
                    new StatusReason(StatusReason.USER_CANCELLED, "a task was cancelled")));
        }
        List<Node> failed = nodes.values().stream()
                .filter(n -> n.status() == TaskStatus.FAILED || n.status() == TaskStatus.UNKNOWN).toList();
        if (failed.isEmpty()) {
            return Optional.of(new Decisions.Outcome(RunStatus.SUCCESSFUL, null));
        }
        String reason = failed.get(0).reason() == null ? StatusReason.UNKNOWN : failed.get(0).reason().reason();
        String names = failed.stream().map(Node::id).collect(Collectors.joining(", "));
        return Optional.of(new Decisions.Outcome(RunStatus.FAILED,
                new StatusReason(runReason(reason), "failed tasks: " + names)));
    }

    /** Task reasons that are not run reasons (cancelled, orphaned) fold into unknown. */
    private static String runReason(String taskReason) {
        return switch (taskReason) {
            case StatusReason.ABNORMAL_EXIT, StatusReason.SCHEDULER_ERROR, StatusReason.FAILED_PRECONDITION -> taskReason;
            default -> StatusReason.UNKNOWN;
        };
    }
}
