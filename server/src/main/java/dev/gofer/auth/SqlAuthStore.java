package dev.gofer.auth;

import io.vertx.sqlclient.SqlConnection;
import dev.gofer.events.EventLog;
import dev.gofer.events.NewEvent;
import dev.gofer.model.GoferException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** {@link AuthStore} in SQL on the shared pool (tables of migration 2). System roles live in code, not rows. */
public final class SqlAuthStore implements AuthStore {
    private static final String BOOTSTRAP_FLAG = "bootstrap_token_issued";

    private final Pool pool;
    private final Function<String, String> dialect;
    private final EventLog events;

    public SqlAuthStore(Pool pool, Function<String, String> dialect, EventLog events) {
        this.pool = pool;
        this.dialect = dialect;
        this.events = events;
    }

    private Future<RowSet<Row>> q(SqlClient client, String sql, Object... args) {
        return client.preparedQuery(dialect.apply(sql)).execute(Tuple.wrap(args));
    }

    /**
     * Reads go straight to the pool, outside a transaction: on SQLite that is a read-only connection beside the
     * writer (see Stores.sqlitePool), so the token lookup of every request does not wait for writes.
     */
    private <T> Future<List<T>> list(Function<Row, T> mapper, String sql, Object... args) {
        return q(pool, sql, args).map(rows -> {
            List<T> out = new ArrayList<>();
            rows.forEach(r -> out.add(mapper.apply(r)));
            return out;
        });
    }

    private static Token token(Row r) {
        List<String> roles = new ArrayList<>();
        new JsonArray(r.getString("roles")).forEach(o -> roles.add((String) o));
        Map<String, String> meta = new LinkedHashMap<>();
        new JsonObject(r.getString("metadata")).forEach(e -> meta.put(e.getKey(), String.valueOf(e.getValue())));
        return new Token(r.getString("id"), r.getString("hash"), r.getLong("created"), r.getLong("expires"),
                r.getInteger("disabled") != 0, r.getString("user_name"), roles, meta);
    }

    private static Role role(Row r) {
        List<Permission> perms = new ArrayList<>();
        JsonArray arr = new JsonArray(r.getString("permissions"));
        for (int i = 0; i < arr.size(); i++) {
            perms.add(Permission.fromJson(arr.getValue(i), "permissions[" + i + "]"));
        }
        return new Role(r.getString("id"), r.getString("description"), perms, false);
    }

    private static String permissions(Role role) {
        JsonArray arr = new JsonArray();
        role.permissions().forEach(p -> arr.add(p.toJson()));
        return arr.encode();
    }

    private Future<Void> insertToken(SqlConnection conn, EventLog.Recorder rec, Token t, String kind) {
        JsonObject meta = new JsonObject();
        t.metadata().forEach(meta::put);
        return q(conn, "INSERT INTO tokens (id, hash, created, expires, disabled, user_name, roles, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                t.id(), t.hash(), t.created(), t.expires(), t.disabled() ? 1 : 0, t.user(), new JsonArray(t.roles()).encode(), meta.encode())
                .compose(v -> rec.record(NewEvent.token(kind, t.id(), t.user()))).mapEmpty();
    }

    @Override
    public Future<Void> bootstrap(Token token) {
        return events.transaction((conn, rec) -> q(conn,
                        "INSERT INTO system_flags (name, set_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", BOOTSTRAP_FLAG, token.created())
                .compose(rows -> rows.rowCount() == 0
                        ? Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT,
                                "the bootstrap token was already issued; ask its holder (an admin) for a token: gofer token create"))
                        : insertToken(conn, rec, token, "created_bootstrap_token")));
    }

    @Override
    public Future<Void> createToken(Token token) {
        return events.transaction((conn, rec) -> insertToken(conn, rec, token, "created_token"));
    }

    @Override
    public Future<Optional<Token>> tokenByHash(String hash) {
        return list(SqlAuthStore::token, "SELECT * FROM tokens WHERE hash = ?", hash).map(l -> l.stream().findFirst());
    }

    @Override
    public Future<Optional<Token>> token(String id) {
        return list(SqlAuthStore::token, "SELECT * FROM tokens WHERE id = ?", id).map(l -> l.stream().findFirst());
    }

    @Override
    public Future<List<Token>> tokens() {
        return list(SqlAuthStore::token, "SELECT * FROM tokens ORDER BY created, id");
    }

    @Override
    public Future<List<Token>> tokensOf(String user) {
        return list(SqlAuthStore::token, "SELECT * FROM tokens WHERE user_name = ? ORDER BY created, id", user);
    }

    @Override
    public Future<Boolean> setDisabled(String id, boolean disabled) {
        return events.transaction((conn, rec) -> q(conn, "UPDATE tokens SET disabled = ? WHERE id = ?", disabled ? 1 : 0, id)
                .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false)
                        : rec.record(NewEvent.token(disabled ? "disabled_token" : "enabled_token", id, null)).map(true)));
    }

    @Override
    public Future<Boolean> deleteToken(String id) {
        return events.transaction((conn, rec) -> q(conn, "DELETE FROM tokens WHERE id = ?", id)
                .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false)
                        : rec.record(NewEvent.token("deleted_token", id, null)).map(true)));
    }

    @Override
    public Future<List<Role>> roles() {
        return list(SqlAuthStore::role, "SELECT * FROM roles ORDER BY id").map(custom -> {
            List<Role> all = new ArrayList<>(Role.SYSTEM);
            all.addAll(custom);
            return all;
        });
    }

    @Override
    public Future<Optional<Role>> role(String id) {
        Optional<Role> system = Role.SYSTEM.stream().filter(r -> r.id().equals(id)).findFirst();
        if (system.isPresent()) {
            return Future.succeededFuture(system);
        }
        return list(SqlAuthStore::role, "SELECT * FROM roles WHERE id = ?", id).map(l -> l.stream().findFirst());
    }

    @Override
    public Future<Void> createRole(Role role) {
        if (Role.SYSTEM.stream().anyMatch(r -> r.id().equals(role.id()))) {
            return Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT, "role '" + role.id() + "' is a system role"));
        }
        return events.transaction((conn, rec) -> q(conn,
                        "INSERT INTO roles (id, description, permissions, system_role) VALUES (?, ?, ?, 0) ON CONFLICT (id) DO NOTHING",
                        role.id(), role.description(), permissions(role))
                .compose(rows -> rows.rowCount() == 0
                        ? Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT, "role '" + role.id() + "' already exists"))
                        : rec.record(NewEvent.createdRole(role.id())).mapEmpty()));
    }

    @Override
    public Future<Boolean> updateRole(Role role) {
        return events.transaction((conn, rec) -> q(conn, "UPDATE roles SET description = ?, permissions = ? WHERE id = ?",
                        role.description(), permissions(role), role.id())
                .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false)
                        : rec.record(NewEvent.updatedRole(role.id())).map(true)));
    }

    @Override
    public Future<Boolean> deleteRole(String id) {
        return events.transaction((conn, rec) -> q(conn, "SELECT id, roles FROM tokens")
                .compose(rows -> {
                    List<String> holders = new ArrayList<>();
                    rows.forEach(r -> {
                        if (new JsonArray(r.getString("roles")).contains(id)) {
                            holders.add(r.getString("id"));
                        }
                    });
                    if (!holders.isEmpty()) {
                        return Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT, "role '" + id
                                + "' is still held by " + holders.size() + " token(s) " + holders + "; delete or replace those tokens first"));
                    }
                    return q(conn, "DELETE FROM roles WHERE id = ?", id).compose(del -> del.rowCount() == 0
                            ? Future.succeededFuture(false) : rec.record(NewEvent.deletedRole(id)).map(true));
                }));
    }
}
