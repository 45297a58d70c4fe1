package dev.gofer.store;

import dev.gofer.events.EventLog;
import dev.gofer.events.NewEvent;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskKey;
import dev.gofer.model.TaskState;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The rows of runs and task executions, written in as few round trips as a change allows: every statement waited for
 * is a round trip to the database (on SQLite, to its JDBC thread and back), and these writes sit on every run's
 * critical path. A new run's tasks are one insert; statements that do not depend on each other's results are issued
 * together (the connection runs them in order, back to back); a transaction's events are recorded in one statement.
 */
final class RunRowWrites {
    /** Task rows per insert statement: 18 parameters each, well inside SQLite's and PostgreSQL's limits. */
    private static final int TASKS_PER_INSERT = 500;
    private static final String TASK_COLUMNS = "namespace_id, pipeline_id, run_id, task_id, task, created, started, ended, exit_code, state, "
            + "status, status_reason, variables, logs_expired, logs_removed, reused_from_run, attempt, earlier_attempts";
    private static final String TASK_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final SqlSupport sql;

    RunRowWrites(SqlSupport sql) {
        this.sql = sql;
    }

    /** The run, its tasks, then its events: queued_run, the plan's own, each task's, and started_run if it starts at once. */
    Future<Store.NewRun> insert(SqlConnection conn, EventLog.Recorder rec, Store.NewRun created) {
        Run run = created.run();
        RunKey k = run.key();
        // issued together: none needs another's result, and a failure of any fails (and rolls back) the transaction
        return Future.all(
                        sql.q(conn, "INSERT INTO runs (namespace_id, pipeline_id, run_id, config_version, started, ended, state, status, status_reason, initiator, variables, deadline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                k.namespaceId(), k.pipelineId(), k.runId(), run.configVersion(), run.started(), run.ended(), run.state().wire(),
                                run.status().wire(), JsonColumns.write(run.statusReason()), JsonColumns.write(run.initiator()),
                                JsonColumns.write(run.variables()), run.deadline()),
                        insertTasks(conn, created.tasks()),
                        rec.recordAll(eventsOf(created)))
                .map(created);
    }

    private static List<NewEvent> eventsOf(Store.NewRun created) {
        Run run = created.run();
        List<NewEvent> events = new ArrayList<>();
        events.add(NewEvent.queuedRun(run.key()));
        events.addAll(created.events());
        for (TaskExecution t : created.tasks()) {
            events.add(NewEvent.createdTaskExecution(t.key()));
            if (t.state() == TaskState.COMPLETE) { // a task reused by a retried run is complete from the start
                events.add(NewEvent.completedTaskExecution(t.key(), t.status().wire()));
            }
        }
        if (run.state() == RunState.RUNNING) { // after its tasks', as a later update would
            events.add(NewEvent.startedRun(run.key()));
        }
        return events;
    }

    private Future<Void> insertTasks(SqlConnection conn, List<TaskExecution> tasks) {
        List<Future<?>> inserts = new ArrayList<>();
        for (int from = 0; from < tasks.size(); from += TASKS_PER_INSERT) {
            List<TaskExecution> part = tasks.subList(from, Math.min(tasks.size(), from + TASKS_PER_INSERT));
            List<Object> args = new ArrayList<>(part.size() * 18);
            for (TaskExecution t : part) {
                TaskKey k = t.key();
                args.addAll(Arrays.asList(k.namespaceId(), k.pipelineId(), k.runId(), k.taskId(), JsonColumns.write(t.task()),
                        t.created(), t.started(), t.ended(), t.exitCode(), t.state().wire(), t.status().wire(),
                        JsonColumns.write(t.statusReason()), JsonColumns.write(t.variables()), t.logsExpired() ? 1 : 0,
                        t.logsRemoved() ? 1 : 0, t.reusedFromRun(), t.attempt(), JsonColumns.write(t.earlierAttempts())));
            }
            inserts.add(sql.q(conn, "INSERT INTO task_executions (" + TASK_COLUMNS + ") VALUES "
                    + String.join(", ", Collections.nCopies(part.size(), TASK_ROW)), args.toArray()));
        }
        return Future.all(inserts).mapEmpty();
    }

    /**
     * The changes' rows and their events, all issued together: the connection runs them in order (a task's end before
     * the run's end it decided) and the transaction waits for the answers once. A row that is gone (its run deleted
     * meanwhile) must not leave an event behind: the work then fails with {@link RowsGone}, which names the changes
     * whose rows exist, and the caller writes those again in a new transaction.
     */
    Future<Void> update(SqlConnection conn, EventLog.Recorder rec, List<Store.Change> changes) {
        List<Future<Boolean>> rows = new ArrayList<>();
        List<NewEvent> events = new ArrayList<>();
        for (Store.Change c : changes) {
            if (c instanceof Store.Change.OfRun r) {
                rows.add(updateRun(conn, r.run()));
                eventOf(r.run()).ifPresent(events::add);
            } else {
                TaskExecution t = ((Store.Change.OfTask) c).task();
                rows.add(updateTask(conn, t));
                eventOf(t).ifPresent(events::add);
            }
        }
        Future<?> recorded = events.isEmpty() ? Future.succeededFuture() : rec.recordAll(events);
        return Future.all(Future.all(rows), recorded).compose(v -> {
            List<Store.Change> existing = new ArrayList<>();
            for (int i = 0; i < changes.size(); i++) {
                if (rows.get(i).result()) {
                    existing.add(changes.get(i));
                }
            }
            return existing.size() == changes.size() ? Future.succeededFuture() : Future.failedFuture(new RowsGone(existing));
        });
    }

    /** Some rows of an update were gone: the transaction rolls back, and {@code existing} are the changes to write again. */
    static final class RowsGone extends RuntimeException {
        private final List<Store.Change> existing;

        RowsGone(List<Store.Change> existing) {
            super("rows gone", null, false, false);
            this.existing = List.copyOf(existing);
        }

        List<Store.Change> existing() {
            return existing;
        }
    }

    /** The run entered a state that has an event (pending runs have queued_run, from the insert). */
    private static Optional<NewEvent> eventOf(Run run) {
        return Optional.ofNullable(switch (run.state()) {
            case RUNNING -> NewEvent.startedRun(run.key());
            case COMPLETE -> NewEvent.completedRun(run.key(), run.status().wire());
            default -> null;
        });
    }

    private static Optional<NewEvent> eventOf(TaskExecution t) {
        TaskKey k = t.key();
        return Optional.ofNullable(switch (t.state()) {
            case RUNNING -> NewEvent.startedTaskExecution(k);
            case COMPLETE -> NewEvent.completedTaskExecution(k, t.status().wire());
            case WAITING -> t.retryAt() == 0 ? null : NewEvent.scheduledTaskRetry(k, t.attempt(), t.retryAt(),
                    t.earlierAttempts().get(t.earlierAttempts().size() - 1).statusReason().reason());
            default -> null;
        });
    }

    /** Whether the run's row exists (and was updated). */
    private Future<Boolean> updateRun(SqlConnection conn, Run run) {
        RunKey k = run.key();
        return sql.q(conn, "UPDATE runs SET started = ?, ended = ?, state = ?, status = ?, status_reason = ?, deadline = ?, waiting_for = ? WHERE namespace_id = ? AND pipeline_id = ? AND run_id = ?",
                        run.started(), run.ended(), run.state().wire(), run.status().wire(), JsonColumns.write(run.statusReason()), run.deadline(),
                        JsonColumns.write(run.waitingFor()), k.namespaceId(), k.pipelineId(), k.runId())
                .map(rows -> rows.rowCount() > 0);
    }

    private Future<Boolean> updateTask(SqlConnection conn, TaskExecution t) {
        TaskKey k = t.key();
        return sql.q(conn, "UPDATE task_executions SET started = ?, ended = ?, exit_code = ?, state = ?, status = ?, status_reason = ?, logs_expired = ?, logs_removed = ?, attempt = ?, earlier_attempts = ?, deadline = ?, retry_at = ? WHERE namespace_id = ? AND pipeline_id = ? AND run_id = ? AND task_id = ?",
                        t.started(), t.ended(), t.exitCode(), t.state().wire(), t.status().wire(), JsonColumns.write(t.statusReason()),
                        t.logsExpired() ? 1 : 0, t.logsRemoved() ? 1 : 0, t.attempt(), JsonColumns.write(t.earlierAttempts()), t.deadline(), t.retryAt(),
                        k.namespaceId(), k.pipelineId(), k.runId(), k.taskId())
                .map(rows -> rows.rowCount() > 0);
    }
}
