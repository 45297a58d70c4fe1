package dev.gofer.events;

import dev.gofer.store.Dialect;
import dev.gofer.store.Transactions;
import io.vertx.sqlclient.RowSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
    /** Adds events to the surrounding transaction. */
    @FunctionalInterface
    public interface Recorder {
        /** These events, in this order (ids ascending), in one statement. */
        Future<List<Event>> recordAll(List<NewEvent> events);

        default Future<Event> record(NewEvent event) {
            return recordAll(List.of(event)).map(all -> all.get(0));
        }
    }

    /** Events per insert statement (SQLite binds at most 32,766 parameters; 7 an event). */
    private static final int ROWS_PER_INSERT = 500;

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
        return Transactions.run(pool, conn -> work.apply(conn, all -> insert(conn, all, actor, slot)))
                .onComplete(ar -> publishOrder.close(slot[0], ar.succeeded()));
    }

    /** An event that is its own change (e.g. a cancellation request). */
    public Future<Event> record(NewEvent event) {
        return transaction((conn, rec) -> rec.record(event));
    }

    private Future<List<Event>> insert(SqlConnection conn, List<NewEvent> all, Actor actor, PublishOrder.Slot[] slot) {
        if (ids == null) {
            return Future.failedFuture(new IllegalStateException("event log used before init()"));
        }
        if (all.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        // With several connections, hold other event writers until this transaction commits, so ids
        // (taken below, in memory) follow commit order; re-taking the lock in one transaction is free.
        return dialect.serializeEventWriters()
                .map(lock -> q(conn, lock).<Void>mapEmpty())
                .orElseGet(Future::succeededFuture)
                .compose(v -> insertInOrder(conn, all, actor, slot));
    }

    /** Ids taken once the lock is held, in list order; one statement per {@link #ROWS_PER_INSERT} events. */
    private Future<List<Event>> insertInOrder(SqlConnection conn, List<NewEvent> all, Actor actor, PublishOrder.Slot[] slot) {
        long now = clock.getAsLong();
        String by = actor.toJson().encode();
        List<String> taken = nextIds(now, all.size(), slot);
        List<Event> events = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            NewEvent e = all.get(i);
            events.add(new Event(taken.get(i), now, e.kind(), e.namespaceId(), e.pipelineId(), e.details(), actor));
        }
        PublishOrder.Slot mine = slot[0];
        Future<?> chain = Future.succeededFuture();
        for (int from = 0; from < events.size(); from += ROWS_PER_INSERT) {
            List<Event> part = events.subList(from, Math.min(events.size(), from + ROWS_PER_INSERT));
            List<Object> args = new ArrayList<>(part.size() * 7);
            for (Event e : part) {
                args.addAll(Arrays.asList(e.id(), e.emitted(), e.kind(), e.namespaceId(), e.pipelineId(), e.details().encode(), by));
            }
            chain = chain.compose(v -> q(conn, "INSERT INTO events (id, emitted, kind, namespace_id, pipeline_id, details, actor) VALUES "
                    + String.join(", ", Collections.nCopies(part.size(), "(?, ?, ?, ?, ?, ?, ?)")), args.toArray()));
        }
        return chain.map(events).onSuccess(list -> list.forEach(mine::add));
    }

    /** The next ids; the transaction's first one also opens its publication slot (both in writer order). */
    private synchronized List<String> nextIds(long now, int count, PublishOrder.Slot[] slot) {
        if (slot[0] == null) {
            slot[0] = publishOrder.open();
        }
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(ids.next(now));
        }
        return out;
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
