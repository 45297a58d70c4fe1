package dev.gofer.store;

import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.model.RunStatus;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskKey;
import dev.gofer.model.TaskState;
import dev.gofer.model.TaskStatus;
import dev.gofer.model.WaitingFor;
import dev.gofer.sdk.config.TaskConfig;
import io.vertx.sqlclient.Row;
import java.util.Locale;

/** Rows of {@code runs} and {@code task_executions} as the model's records; columns found once per result. */
final class RunRows {
    private RunRows() {
    }

    static Run run(Columns c, Row r) {
        return new Run(new RunKey(c.string(r, "namespace_id"), c.string(r, "pipeline_id"), c.longValue(r, "run_id")),
                c.longValue(r, "config_version"), c.longValue(r, "started"), c.longValue(r, "ended"),
                RunState.valueOf(c.string(r, "state").toUpperCase(Locale.ROOT)),
                RunStatus.valueOf(c.string(r, "status").toUpperCase(Locale.ROOT)),
                JsonColumns.reason(c.string(r, "status_reason")), JsonColumns.initiator(c.string(r, "initiator")),
                JsonColumns.variables(c.string(r, "variables")),
                c.integer(r, "store_objects_expired") != 0, c.longValue(r, "deadline"),
                JsonColumns.read(c.string(r, "waiting_for"), WaitingFor.class));
    }

    static TaskExecution task(Columns c, Row r) {
        return new TaskExecution(
                new TaskKey(c.string(r, "namespace_id"), c.string(r, "pipeline_id"), c.longValue(r, "run_id"),
                        c.string(r, "task_id")),
                JsonColumns.read(c.string(r, "task"), TaskConfig.class),
                c.longValue(r, "created"), c.longValue(r, "started"), c.longValue(r, "ended"), c.integer(r, "exit_code"),
                TaskState.valueOf(c.string(r, "state").toUpperCase(Locale.ROOT)),
                TaskStatus.valueOf(c.string(r, "status").toUpperCase(Locale.ROOT)),
                JsonColumns.reason(c.string(r, "status_reason")), JsonColumns.variables(c.string(r, "variables")),
                c.integer(r, "logs_expired") != 0, c.integer(r, "logs_removed") != 0,
                c.integer(r, "attempt"), JsonColumns.attempts(c.string(r, "earlier_attempts")), c.longValue(r, "deadline"),
                c.longValue(r, "retry_at"), c.longValue(r, "reused_from_run"));
    }
}
