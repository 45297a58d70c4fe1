package dev.gofer.store;

import static dev.gofer.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.ServerSettings;
import dev.gofer.model.RunState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads made at every run's start or end go through an index bounded by what they return, not by the pipeline's
 * history: a read that walks every earlier run costs more CPU and memory with each run (benchmark 7's growth over
 * 10,000 runs). Checked on the plan each store makes for the statement as Gofer sends it.
 */
class QueryPlansTest extends WithDatabases {
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void runObjectExpiryReadsOnlyTheRunsWhoseObjectsHaveNotExpired(String kind) throws Exception {
        Stores.Opened db = open(kind);
        String plan = plan(db, SqlObjectIndex.RUNS_TO_EXPIRE, "default", "app", "default", "app", 20, RunState.COMPLETE.wire());
        assertTrue(plan.contains("runs_with_unexpired_objects"), "the expiry read must use the index of unexpired runs, plan: " + plan);
    }

    private Stores.Opened open(String kind) throws Exception {
        ServerSettings settings = TestDatabases.settingsFor(kind, "gofer-plans", vertx, cleanups);
        Stores.Opened db = Stores.open(vertx, settings, event -> { });
        await(db.store().migrate());
        return db;
    }

    /**
     * The store's plan for {@code sql} with these arguments. PostgreSQL is told not to scan sequentially: on a
     * test's empty table a scan is its cheapest plan, and what matters is which index it would use at scale.
     */
    private static String plan(Stores.Opened db, String sql, Object... args) {
        Future<RowSet<Row>> rows = db.pool().withConnection(conn -> db.dialect() == Dialect.POSTGRES
                ? conn.query("SET enable_seqscan = off").execute()
                        .compose(v -> conn.preparedQuery(db.dialect().placeholders("EXPLAIN " + sql)).execute(Tuple.wrap(args)))
                : conn.preparedQuery("EXPLAIN QUERY PLAN " + sql).execute(Tuple.wrap(args)));
        StringJoiner plan = new StringJoiner(" | ");
        for (Row row : await(rows)) {
            for (int i = 0; i < row.size(); i++) {
                plan.add(String.valueOf(row.getValue(i)));
            }
        }
        return plan.toString();
    }
}
