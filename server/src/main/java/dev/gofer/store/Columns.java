package dev.gofer.store;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each column of one result is, found once for the whole result. {@code Row.getString(name)} scans the result's
 * column names for every cell, in both SQL clients: reading a list of 50 runs that way was 8.5% of the API's CPU under
 * load (bench/PROFILE.md, "API under load, round 3"). The rows the API reads most, runs and task executions
 * ({@link RunRows}), are read through this.
 */
final class Columns {
    private final Map<String, Integer> positions = new HashMap<>();

    private Columns(List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            positions.put(names.get(i), i);
        }
    }

    static Columns of(RowSet<Row> rows) {
        List<String> names = rows.columnsNames();
        return new Columns(names == null ? List.of() : names);
    }

    String string(Row r, String column) {
        return r.getString(at(column));
    }

    Long longValue(Row r, String column) {
        return r.getLong(at(column));
    }

    Integer integer(Row r, String column) {
        return r.getInteger(at(column));
    }

    private int at(String column) {
        Integer at = positions.get(column);
        if (at == null) {
            throw new IllegalStateException("the result has no column " + column + "; it has " + positions.keySet());
        }
        return at;
    }
}
