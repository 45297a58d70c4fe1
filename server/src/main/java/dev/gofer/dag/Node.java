package dev.gofer.dag;

import dev.gofer.model.StatusReason;
import dev.gofer.model.TaskStatus;
import dev.gofer.sdk.config.RequiredParentStatus;
import java.util.Map;

/**
 * What the evaluator needs to know about one task of a run.
 *
 * @param phase  not started yet, started (container requested or running), or done
 * @param status final status when done, else {@link TaskStatus#UNKNOWN}
 * @param reason why it ended as it did (used to explain a failed run), may be null
 */
public record Node(String id, Map<String, RequiredParentStatus> dependsOn, Phase phase, TaskStatus status, StatusReason reason) {
    public enum Phase { NOT_STARTED, STARTED, DONE }

    public static Node notStarted(String id, Map<String, RequiredParentStatus> dependsOn) {
        return new Node(id, dependsOn, Phase.NOT_STARTED, TaskStatus.UNKNOWN, null);
    }

    public Node started() {
        return new Node(id, dependsOn, Phase.STARTED, TaskStatus.UNKNOWN, null);
    }

    public Node done(TaskStatus finalStatus, StatusReason why) {
        return new Node(id, dependsOn, Phase.DONE, finalStatus, why);
    }
}
