package dev.gofer.runs;

import dev.gofer.model.GoferException;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskKey;
import dev.gofer.model.TaskState;

/** Which container runs a task, for attaching to it ({@code GET .../tasks/{task}/attach}): only a task running now. */
final class TaskAttachment {
    private TaskAttachment() {
    }

    /** The container of the running task; not found (no such task) or conflict (not running, or being stopped). */
    static String runningContainer(ActiveRun run, TaskKey key) {
        String id = key.taskId();
        TaskExecution t = run.tasks.get(id);
        if (t == null) {
            throw notFound(key);
        }
        String container = run.containerIds.get(id);
        if (t.state() != TaskState.RUNNING || container == null || run.stopping.contains(id)) {
            throw notRunning(t, run.stopping.contains(id));
        }
        return container;
    }

    static GoferException notFound(TaskKey key) {
        return GoferException.notFound("task '" + key.taskId() + "' not found in run " + key.runId());
    }

    static GoferException notRunning(TaskExecution t, boolean stopping) {
        String now = stopping ? "being stopped" : t.state() == TaskState.COMPLETE ? "complete (" + t.status().wire() + ")" : t.state().wire();
        return new GoferException(GoferException.Kind.CONFLICT, "task '" + t.key().taskId() + "' of run " + t.key().runId()
                + " is " + now + "; attach works only while a task runs");
    }
}
