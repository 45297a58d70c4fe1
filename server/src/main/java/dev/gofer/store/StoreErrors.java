package dev.gofer.store;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import dev.gofer.model.GoferException;
import io.vertx.core.Future;
import io.vertx.sqlclient.DatabaseException;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * Database failures that are a user's race, not a server fault: a row whose parent was deleted meanwhile (a config
 * registered while its namespace is being deleted) breaks a foreign key. That is the contract's 404 naming what
 * vanished, not a 500: PostgreSQL says SQLSTATE 23503, SQLite (xerial driver) SQLITE_CONSTRAINT_FOREIGNKEY.
 */
public final class StoreErrors {
    /** PostgreSQL's foreign_key_violation. */
    static final String PG_FOREIGN_KEY_VIOLATION = "23503";

    private StoreErrors() {
    }

    /** True when {@code failure} (or a cause of it) is a foreign-key violation on either store. */
    public static boolean isForeignKeyViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DatabaseException d && PG_FOREIGN_KEY_VIOLATION.equals(d.getSqlState())) {
                return true;
            }
            if (t instanceof SQLException s && (PG_FOREIGN_KEY_VIOLATION.equals(s.getSQLState()) || sqliteForeignKey(s))) {
                return true;
            }
        }
        return false;
    }

    private static boolean sqliteForeignKey(SQLException s) {
        if (s instanceof SQLiteException e && e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY) {
            return true;
        }
        String m = s.getMessage();
        return m != null && (m.contains("SQLITE_CONSTRAINT_FOREIGNKEY") || m.contains("FOREIGN KEY constraint failed"));
    }

    /**
     * For {@code Future.recover}: a foreign-key violation becomes NOT_FOUND with {@code message} (which names what
     * vanished); any other failure passes unchanged.
     */
    public static <T> Function<Throwable, Future<T>> vanished(String message) {
        return e -> Future.failedFuture(isForeignKeyViolation(e) ? GoferException.notFound(message) : e);
    }
}
