package dev.gofer.runs;

import dev.gofer.model.RunKey;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskState;
import dev.gofer.runs.RunInput.LookedUp;
import dev.gofer.runs.RunInput.Resumed;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * After a restart: looks for the container of every task of a run that is not complete, one task after the
 * other, and reports each finding to the run's driver ({@link LookedUp}), then {@link Resumed}. A container found
 * is adopted (followed again, its secrets masked again) and added to {@code adopted}.
 */
final class TaskReattachment {
    private TaskReattachment() {
    }

    static Future<Void> all(RunServices services, RunKey run, List<TaskExecution> tasks, Consumer<RunInput> submit,
                            Set<String> adopted) {
        Future<Void> chain = Future.succeededFuture();
        for (TaskExecution t : tasks) {
            if (t.state() != TaskState.COMPLETE) {
                chain = chain.compose(v -> one(services, run, t, submit, adopted));
            }
        }
        return chain.onComplete(v -> submit.accept(new Resumed()));
    }

    private static Future<Void> one(RunServices services, RunKey run, TaskExecution t, Consumer<RunInput> submit,
                                    Set<String> adopted) {
        return services.containers().find(services.taskContainers().labels(t)).transform(found -> {
            submit.accept(new LookedUp(t, found));
            if (found.failed() || found.result().isEmpty()) {
                return Future.succeededFuture();
            }
            String containerId = found.result().get(0);
            adopted.add(containerId);
            return remask(services, run, t).compose(v -> services.containers().adopt(t.key(), containerId));
        });
    }

    /** An adopted task's output keeps its secrets masked: the values are looked up again (they are never stored in clear). */
    private static Future<Void> remask(RunServices services, RunKey run, TaskExecution t) {
        return services.resources().resolve(t).transform(r -> r.succeeded() && !r.result().secretValues().isEmpty()
                ? services.containers().maskInLogs(run, r.result().secretValues())
                : Future.succeededFuture());
    }
}
