package dev.gofer.store;

import dev.gofer.events.EventLog;
import dev.gofer.events.NewEvent;
import dev.gofer.model.ConfigVersion;
import dev.gofer.model.Deployment;
import dev.gofer.model.GoferException;
import dev.gofer.model.RunState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.Optional;

/** {@link ConfigStore} in SQL on the same pool as {@link SqlStore}. */
public final class SqlConfigStore implements ConfigStore {
    private final SqlSupport sql;
    private final EventLog events;

    public SqlConfigStore(Pool pool, Dialect dialect, EventLog events) {
        this.sql = new SqlSupport(pool, dialect);
        this.events = events;
    }

    private static Deployment deployment(Row r) {
        return new Deployment(r.getString("namespace_id"), r.getString("pipeline_id"), r.getLong("deployment_id"),
                r.getLong("start_version"), r.getLong("end_version"), r.getLong("started"), r.getLong("ended"),
                r.getString("state"), r.getString("status"));
    }

    @Override
    public Future<List<Deployment>> deployments(String ns, String pipeline) {
        return sql.list(sql.pool, SqlConfigStore::deployment,
                "SELECT * FROM deployments WHERE namespace_id = ? AND pipeline_id = ? ORDER BY deployment_id", ns, pipeline);
    }

    @Override
    public Future<Optional<Deployment>> deployment(String ns, String pipeline, long deploymentId) {
        return sql.one(sql.pool, SqlConfigStore::deployment,
                "SELECT * FROM deployments WHERE namespace_id = ? AND pipeline_id = ? AND deployment_id = ?", ns, pipeline, deploymentId);
    }

    @Override
    public Future<Void> deleteConfig(String ns, String pipeline, long version) {
        return events.transaction((conn, rec) -> sql.one(conn, r -> r.getString("state"),
                        "SELECT state FROM pipeline_configs WHERE namespace_id = ? AND pipeline_id = ? AND version = ?", ns, pipeline, version)
                .compose(state -> {
                    if (state.isEmpty()) {
                        return Future.failedFuture(GoferException.notFound("pipeline '" + pipeline + "' has no config version " + version));
                    }
                    if (ConfigVersion.LIVE.equals(state.get())) {
                        return Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT, "config version " + version
                                + " is the live one of pipeline '" + pipeline + "': deploy another version first"));
                    }
                    return sql.one(conn, r -> r.getLong("run_id"), "SELECT run_id FROM runs WHERE namespace_id = ? AND pipeline_id = ?"
                            + " AND config_version = ? AND state <> ? ORDER BY run_id LIMIT 1", ns, pipeline, version, RunState.COMPLETE.wire());
                })
                .compose(unfinished -> unfinished.isPresent()
                        ? Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT, "config version " + version
                                + " is used by run " + unfinished.get() + ", which has not finished; delete the version once it has"))
                        : sql.q(conn, "DELETE FROM pipeline_configs WHERE namespace_id = ? AND pipeline_id = ? AND version = ?", ns, pipeline, version))
                .compose(v -> rec.record(NewEvent.deletedConfig(ns, pipeline, version)))
                .mapEmpty());
    }
}
