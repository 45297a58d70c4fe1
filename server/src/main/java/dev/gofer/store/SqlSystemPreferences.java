package dev.gofer.store;

import dev.gofer.events.EventLog;
import dev.gofer.events.NewEvent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.HashSet;
import java.util.Set;

/** {@link SystemPreferences} as rows of {@code system_flags}: a flag that is set has a row. */
public final class SqlSystemPreferences implements SystemPreferences {
    /** Written by the auth store when the bootstrap token is issued. */
    static final String BOOTSTRAP_TOKEN_ISSUED = "bootstrap_token_issued";
    static final String IGNORE_PIPELINE_RUN_EVENTS = "ignore_pipeline_run_events";

    private final SqlSupport sql;
    private final EventLog events;

    public SqlSystemPreferences(Pool pool, Dialect dialect, EventLog events) {
        this.sql = new SqlSupport(pool, dialect);
        this.events = events;
    }

    @Override
    public Future<Values> get() {
        return sql.list(sql.pool, r -> r.getString("name"), "SELECT name FROM system_flags").map(names -> {
            Set<String> set = new HashSet<>(names);
            return new Values(set.contains(BOOTSTRAP_TOKEN_ISSUED), set.contains(IGNORE_PIPELINE_RUN_EVENTS));
        });
    }

    @Override
    public Future<Values> setIgnorePipelineRunEvents(boolean ignore, long now) {
        return events.transaction((conn, rec) -> (ignore
                        ? sql.q(conn, "INSERT INTO system_flags (name, set_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                                IGNORE_PIPELINE_RUN_EVENTS, now)
                        : sql.q(conn, "DELETE FROM system_flags WHERE name = ?", IGNORE_PIPELINE_RUN_EVENTS))
                        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture()
                                : rec.record(NewEvent.updatedSystemPreferences(IGNORE_PIPELINE_RUN_EVENTS, ignore))))
                .compose(v -> get());
    }
}
