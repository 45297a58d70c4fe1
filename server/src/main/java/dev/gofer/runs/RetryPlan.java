package dev.gofer.runs;

import java.util.ArrayList;
import dev.gofer.model.GoferException;
import dev.gofer.model.TaskStatus;
import dev.gofer.sdk.config.PipelineConfig;
import dev.gofer.sdk.config.TaskConfig;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which tasks a retried run takes from the run it retries instead of running them, as a pure function. A task is
 * reused when it succeeded there, it is not named in {@code from}, and nothing upstream of it runs again (a task
 * whose parent runs again runs again too: its inputs may change). So {@code from} re-runs those tasks and
 * everything downstream of them, and without {@code from} what failed, was cancelled or skipped runs again with
 * its dependants.
 */
final class RetryPlan {
    private RetryPlan() {
    }

    /**
     * @param statuses each task's final status in the run retried (a task missing there runs again)
     * @param from     tasks to run again even though they succeeded; each must be a task of {@code config}
     * @return the ids of the tasks to reuse, in config order
     */
    static Set<String> reused(PipelineConfig config, Map<String, TaskStatus> statuses, List<String> from) {
        Map<String, TaskConfig> byId = new HashMap<>();
        config.tasks().forEach(t -> byId.put(t.id(), t));
        for (String id : from) {
            if (!byId.containsKey(id)) {
                throw GoferException.invalid("from: unknown task '" + id + "'; the tasks of this pipeline's config are "
                        + config.tasks().stream().map(TaskConfig::id).toList());
            }
        }
        Map<String, List<String>> children = new HashMap<>();
        config.tasks().forEach(t -> t.dependsOn().keySet().forEach(parent ->
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(t.id())));
        Set<String> rerun = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(from);
        config.tasks().stream().filter(t -> statuses.get(t.id()) != TaskStatus.SUCCESSFUL).forEach(t -> todo.add(t.id()));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (rerun.add(id)) {
                todo.addAll(children.getOrDefault(id, List.of()));
            }
        }
        Set<String> reused = new LinkedHashSet<>();
        config.tasks().stream().map(TaskConfig::id).filter(id -> !rerun.contains(id)).forEach(reused::add);
        return reused;
    }
}
