package dev.gofer.store;

import dev.gofer.events.EventLog;
import dev.gofer.events.NewEvent;
import dev.gofer.model.GoferException;
import dev.gofer.model.Namespace;
import dev.gofer.model.PipelineMetadata;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.function.Function;

/** {@link NamespaceStore} in SQL on the same pool as {@link SqlStore}. */
public final class SqlNamespaceStore implements NamespaceStore {
    private final Function<String, String> dialect;
    private final EventLog events;

    public SqlNamespaceStore(Function<String, String> dialect, EventLog events) {
        this.dialect = dialect;
        this.events = events;
    }

    private Future<RowSet<Row>> q(SqlClient client, String sql, Object... args) {
        return client.preparedQuery(dialect.apply(sql)).execute(Tuple.wrap(args));
    }

    private static Namespace namespace(Row r) {
        return new Namespace(r.getString("id"), r.getString("name"), r.getString("description"),
                r.getLong("created"), r.getLong("modified"));
    }

    @Override
    public Future<Namespace> create(Namespace ns) {
        return events.transaction((conn, rec) -> q(conn,
                        "INSERT INTO namespaces (id, name, description, created, modified) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                        ns.id(), ns.name(), ns.description(), ns.created(), ns.modified())
                .compose(rows -> rows.rowCount() == 0
                        ? Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT, "namespace '" + ns.id() + "' already exists"))
                        : rec.record(NewEvent.createdNamespace(ns.id())).map(ns)));
    }

    @Override
    public Future<Optional<Namespace>> update(String id, String name, String description, long now) {
        return events.transaction((conn, rec) -> q(conn,
                        "UPDATE namespaces SET name = COALESCE(?, name), description = COALESCE(?, description), modified = ? WHERE id = ?",
                        name, description, now, id)
                .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(Optional.<Namespace>empty())
                        : rec.record(NewEvent.updatedNamespace(id))
                                .compose(v -> q(conn, "SELECT * FROM namespaces WHERE id = ?", id))
                                .map(sel -> Optional.of(namespace(sel.iterator().next())))));
    }

    @Override
    public Future<Boolean> delete(String id) {
        // foreign keys cascade from namespaces to pipelines, configs, deployments, runs and task executions
        return events.transaction((conn, rec) -> q(conn, "DELETE FROM namespaces WHERE id = ?", id)
                .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false)
                        : rec.record(NewEvent.deletedNamespace(id)).map(true)));
    }

    @Override
    public Future<Boolean> setPipelineState(String ns, String pipeline, String state, long now) {
        NewEvent event = PipelineMetadata.ACTIVE.equals(state) ? NewEvent.enabledPipeline(ns, pipeline)
                : NewEvent.disabledPipeline(ns, pipeline);
        return events.transaction((conn, rec) -> q(conn,
                        "UPDATE pipelines SET state = ?, modified = ? WHERE namespace_id = ? AND pipeline_id = ?", state, now, ns, pipeline)
                .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false) : rec.record(event).map(true)));
    }
}
