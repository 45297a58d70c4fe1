package dev.gofer.store;

import dev.gofer.model.GoferException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** {@link SecretStore} in the {@code secrets} table, on the same pool as the main store. */
public final class SqlSecretStore implements SecretStore {
    private final SqlSupport sql;

    public SqlSecretStore(Pool pool, Dialect dialect) {
        this.sql = new SqlSupport(pool, dialect);
    }

    private static StoredSecret secret(Row r) {
        List<String> namespaces = new JsonArray(r.getString("namespaces")).stream().map(Object::toString).toList();
        return new StoredSecret(r.getString("secret_key"), Base64.getDecoder().decode(r.getString("ciphertext")),
                namespaces, r.getLong("created"));
    }

    @Override
    public Future<List<StoredSecret>> list(String scope, String owner) {
        return sql.list(sql.pool, SqlSecretStore::secret,
                "SELECT * FROM secrets WHERE scope = ? AND owner = ? ORDER BY secret_key", scope, owner);
    }

    @Override
    public Future<Optional<Located>> sample(String exceptScope) {
        return sql.one(sql.pool, r -> new Located(r.getString("scope"), r.getString("owner"), secret(r)),
                "SELECT * FROM secrets WHERE scope <> ? ORDER BY created LIMIT 1", exceptScope);
    }

    @Override
    public Future<Optional<StoredSecret>> get(String scope, String owner, String key) {
        return sql.one(sql.pool, SqlSecretStore::secret,
                "SELECT * FROM secrets WHERE scope = ? AND owner = ? AND secret_key = ?", scope, owner, key);
    }

    @Override
    public Future<StoredSecret> put(String scope, String owner, StoredSecret s, boolean force) {
        return sql.pool.withTransaction(conn -> sql.one(conn, r -> 1,
                        "SELECT 1 FROM secrets WHERE scope = ? AND owner = ? AND secret_key = ?", scope, owner, s.key())
                .compose(existing -> {
                    if (existing.isPresent() && !force) {
                        return Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT,
                                "secret '" + s.key() + "' already exists; put it with force=true to replace it"));
                    }
                    return sql.q(conn, "DELETE FROM secrets WHERE scope = ? AND owner = ? AND secret_key = ?", scope, owner, s.key())
                            .compose(v -> sql.q(conn, "INSERT INTO secrets (scope, owner, secret_key, ciphertext, namespaces, created) VALUES (?, ?, ?, ?, ?, ?)",
                                    scope, owner, s.key(), Base64.getEncoder().encodeToString(s.ciphertext()),
                                    new JsonArray(s.namespaces()).encode(), s.created()))
                            .map(s);
                }));
    }

    @Override
    public Future<Boolean> delete(String scope, String owner, String key) {
        return sql.pool.withTransaction(conn -> sql.q(conn,
                "DELETE FROM secrets WHERE scope = ? AND owner = ? AND secret_key = ?", scope, owner, key)
                .map(rows -> rows.rowCount() > 0));
    }
}
