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
import java.util.Arrays;
import java.util.Locale;

/** Rows of {@code runs} and {@code task_executions} as the model's records; columns found once per result. */
final class RunRows {
    private static final RunState[] RUN_STATES = RunState.values();
    private static final RunStatus[] RUN_STATUSES = RunStatus.values();
    private static final TaskState[] TASK_STATES = TaskState.values();
    private static final TaskStatus[] TASK_STATUSES = TaskStatus.values();

    private RunRows() {
    }

    /** The constant stored as {@code wire} (its name in lower case), found without forming a new string per row. */
    static <E extends Enum<E>> E constant(E[] constants, String wire) {
        for (E e : constants) {
            if (e.name().equalsIgnoreCase(wire)) {
                return e;
            }
        }
        throw new IllegalArgumentException("stored value '" + wire + "' is none of "
                + Arrays.stream(constants).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    }

    static Run run(Columns c, Row r) {
        return new Run(new RunKey(c.string(r, "namespace_id"), c.string(r, "pipeline_id"), c.longValue(r, "run_id")),
                c.longValue(r, "config_version"), c.longValue(r, "started"), c.longValue(r, "ended"),
                constant(RUN_STATES, c.string(r, "state")), constant(RUN_STATUSES, c.string(r, "status")),
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
                constant(TASK_STATES, c.string(r, "state")), constant(TASK_STATUSES, c.string(r, "status")),
                JsonColumns.reason(c.string(r, "status_reason")), JsonColumns.variables(c.string(r, "variables")),
                c.integer(r, "logs_expired") != 0, c.integer(r, "logs_removed") != 0,
                c.integer(r, "attempt"), JsonColumns.attempts(c.string(r, "earlier_attempts")), c.longValue(r, "deadline"),
                c.longValue(r, "retry_at"), c.longValue(r, "reused_from_run"));
    }
}
