package dev.gofer.runs;

import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskKey;
import dev.gofer.scheduler.ContainerSpec;
import dev.gofer.sdk.config.TaskConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How this server names and labels its task containers, so that it finds its own again after a restart
 * (and never another Gofer's on the same engine).
 */
final class TaskContainers {
    private final Map<String, String> instanceLabels;

    /** @param instanceLabels labels put on every container so this server can find (and clean up) its own */
    TaskContainers(Map<String, String> instanceLabels) {
        this.instanceLabels = Map.copyOf(instanceLabels);
    }

    /** {@code GOFER_TASK_ATTEMPT} (1-based) joins the task's environment: a script may act on it. */
    ContainerSpec spec(TaskExecution t, RunResources.Resolved resolved, ContainerSpec.Limits limits) {
        TaskConfig task = t.task();
        // the instance id keeps two Gofers on one engine from removing each other's containers by name
        // each attempt its own name: the previous attempt's container may still be being removed
        String name = "gofer_" + instanceLabels.getOrDefault("gofer.instance", "") + "_" + t.key().slug()
                + (t.attempt() > 1 ? "_attempt" + t.attempt() : "");
        Map<String, String> env = new LinkedHashMap<>(resolved.env());
        env.put("GOFER_TASK_ATTEMPT", Integer.toString(t.attempt()));
        return new ContainerSpec(name, task.image(), resolved.registryAuth(),
                task.alwaysPullNewestImage(), task.entrypoint(), task.command(), env, labels(t), limits);
    }

    /** The labels of the task's current attempt's container; an earlier attempt's container is never taken for it. */
    Map<String, String> labels(TaskExecution t) {
        Map<String, String> labels = labels(t.key());
        if (t.attempt() > 1) {
            labels.put("gofer.attempt", Integer.toString(t.attempt()));
        }
        return labels;
    }

    /** Task containers of this server; extension containers carry the same instance label but another role. */
    Map<String, String> ofThisServer() {
        Map<String, String> labels = new LinkedHashMap<>(instanceLabels);
        labels.put("gofer.role", "task");
        return labels;
    }

    Map<String, String> labels(TaskKey key) {
        Map<String, String> labels = ofThisServer();
        labels.put("gofer.namespace", key.namespaceId());
        labels.put("gofer.pipeline", key.pipelineId());
        labels.put("gofer.run", Long.toString(key.runId()));
        labels.put("gofer.task", key.taskId());
        return labels;
    }
}
