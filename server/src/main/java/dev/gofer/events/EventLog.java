package dev.gofer.events;

import dev.gofer.store.Dialect;
import io.vertx.sqlclient.RowSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The stored event log (table {@code events}). Writers record events inside the transaction of the change they
 * describe ({@link #transaction}); once it commits, the events are handed to the publisher (the event bus), in
 * id order. Event writers are serialized (SQLite: one writing connection; PostgreSQL: a transaction-scoped advisory
 * lock), so id order is commit order; {@link PublishOrder} keeps publication in that order across threads.
 */
public final class EventLog {
    /** Adds an event to the surrounding transaction. */
    public interface Recorder {
        Future<Event> record(NewEvent event);
    }

    private final Pool pool;
    private final Dialect dialect;
    private final LongSupplier clock;
    private final PublishOrder publishOrder;
    private EventIds ids;

    public EventLog(Pool pool, Dialect dialect, LongSupplier clock, Consumer<Event> publisher) {
        this.pool = pool;
        this.dialect = dialect;
        this.clock = clock;
        this.publishOrder = new PublishOrder(publisher);
    }

    private Future<RowSet<Row>> q(SqlClient client, String sql, Object... args) {
        return client.preparedQuery(dialect.apply(sql)).execute(Tuple.wrap(args));
    }

    /** Call after the migrations: ids continue after the newest stored one. */
    public Future<Void> init() {
        return pool.withTransaction(conn -> q(conn, "SELECT MAX(id) AS id FROM events"))
                .map(rows -> {
                    ids = new EventIds(rows.iterator().next().getString("id"));
                    return null;
                });
    }

    /** Runs {@code work} in one transaction; events it records are stored with it and published after commit. */
    public <T> Future<T> transaction(BiFunction<SqlConnection, Recorder, Future<T>> work) {
        Actor actor = Actor.current(); // taken here, on the caller's (request's) context
        PublishOrder.Slot[] slot = new PublishOrder.Slot[1]; // opened with the transaction's first event id
        return pool.withTransaction(conn -> work.apply(conn, e -> insert(conn, e, actor, slot)))
                .onComplete(ar -> publishOrder.close(slot[0], ar.succeeded()));
    }

    /** An event that is its own change (e.g. a cancellation request). */
    public Future<Event> record(NewEvent event) {
        return transaction((conn, rec) -> rec.record(event));
    }

    private Future<Event> insert(SqlConnection conn, NewEvent e, Actor actor, PublishOrder.Slot[] slot) {
        if (ids == null) {
            return Future.failedFuture(new IllegalStateException("event log used before init()"));
        }
        // With several connections, hold other event writers until this transaction commits, so ids
        // (taken below, in memory) follow commit order; re-taking the lock in one transaction is free.
        return dialect.serializeEventWriters()
                .map(lock -> q(conn, lock).<Void>mapEmpty())
                .orElseGet(Future::succeededFuture)
                .compose(v -> insertInOrder(conn, e, actor, slot));
    }

    private Future<Event> insertInOrder(SqlConnection conn, NewEvent e, Actor actor, PublishOrder.Slot[] slot) {
        long now = clock.getAsLong();
        Event event = new Event(nextId(now, slot), now, e.kind(), e.namespaceId(), e.pipelineId(), e.details(), actor);
        PublishOrder.Slot mine = slot[0];
        return q(conn, "INSERT INTO events (id, emitted, kind, namespace_id, pipeline_id, details, actor) VALUES (?, ?, ?, ?, ?, ?, ?)",
                event.id(), event.emitted(), event.kind(), event.namespaceId(), event.pipelineId(), event.details().encode(),
                actor.toJson().encode())
                .map(event)
                .onSuccess(mine::add);
    }

    /** The next id; the transaction's first one also opens its publication slot (both in writer order). */
    private synchronized String nextId(long now, PublishOrder.Slot[] slot) {
        if (slot[0] == null) {
            slot[0] = publishOrder.open();
        }
        return ids.next(now);
    }

    private static Event event(Row r) {
        return new Event(r.getString("id"), r.getLong("emitted"), r.getString("kind"), r.getString("namespace_id"),
                r.getString("pipeline_id"), new JsonObject(r.getString("details")),
                Actor.fromJson(r.getString("actor") == null ? null : new JsonObject(r.getString("actor"))));
    }

    /** Events after {@code afterId} (exclusive; null = from the start), oldest first, at most {@code limit}. */
    public Future<List<Event>> after(String afterId, int limit) {
        // outside a transaction: on SQLite a read-only connection that sees every committed event (Stores.sqlitePool)
        return q(pool, "SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?", afterId == null ? "" : afterId, limit).map(rows -> {
                    List<Event> out = new ArrayList<>();
                    rows.forEach(r -> out.add(event(r)));
                    return out;
                });
    }

    public Future<Optional<Event>> get(String id) {
        return q(pool, "SELECT * FROM events WHERE id = ?", id)
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(event(rows.iterator().next())));
    }

    /** Deletes events emitted before {@code cutoffMillis}; returns how many. */
    public Future<Integer> prune(long cutoffMillis) {
        return pool.withTransaction(conn -> q(conn, "DELETE FROM events WHERE emitted < ?", cutoffMillis))
                .map(rows -> rows.rowCount());
    }

    /** Deletes one stored event and records who did (a {@code deleted_event} event); false when there was none. */
    public Future<Boolean> delete(String id) {
        return transaction((conn, rec) -> q(conn, "DELETE FROM events WHERE id = ?", id)
                .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false)
                        : rec.record(NewEvent.deletedEvent(id)).map(true)));
    }
}
