package dev.gofer.extensions;

import dev.gofer.store.StoreErrors;
import dev.gofer.events.EventLog;
import dev.gofer.events.NewEvent;
import dev.gofer.sdk.config.RegistryAuth;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link ExtensionStore} on the server's SQL pool (portable SQL). Every write is its own transaction, and a change
 * users care about (install, enable, disable, uninstall, subscribe, unsubscribe) records its event in that same
 * transaction.
 */
public final class SqlExtensionStore implements ExtensionStore {
    private final Pool pool;
    private final Function<String, String> dialect;
    private final EventLog events;

    public SqlExtensionStore(Pool pool, Function<String, String> dialect, EventLog events) {
        this.pool = pool;
        this.dialect = dialect;
        this.events = events;
    }

    private Future<RowSet<Row>> read(String sql, Object... args) {
        return pool.preparedQuery(dialect.apply(sql)).execute(Tuple.wrap(args));
    }

    /** In a transaction: the JDBC pool leaves autocommit off after any transaction (see SqlStore.write). */
    private Future<Integer> write(String sql, Object... args) {
        return pool.withTransaction(conn -> conn.preparedQuery(dialect.apply(sql)).execute(Tuple.wrap(args)))
                .map(RowSet::rowCount);
    }

    /** One statement and, when it changed a row, its event, in one transaction. */
    private Future<Integer> writeRecording(NewEvent event, String sql, Object... args) {
        return events.transaction((conn, rec) -> conn.preparedQuery(dialect.apply(sql)).execute(Tuple.wrap(args))
                .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(0) : rec.record(event).map(rows.rowCount())));
    }

    private static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> out = new ArrayList<>();
        rows.forEach(r -> out.add(mapper.apply(r)));
        return out;
    }

    private static String json(Map<String, String> map) {
        return new JsonObject(new LinkedHashMap<>(map)).encode();
    }

    private static Map<String, String> map(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        new JsonObject(json).forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
        return out;
    }

    private static ExtensionRegistration registration(Row r) {
        String auth = r.getString("registry_auth");
        RegistryAuth registryAuth = null;
        if (auth != null) {
            JsonObject a = new JsonObject(auth);
            registryAuth = new RegistryAuth(a.getString("user"), a.getString("pass"));
        }
        return new ExtensionRegistration(r.getString("extension_id"), r.getString("image"), registryAuth,
                map(r.getString("settings")), r.getString("status"), r.getLong("created"), r.getLong("modified"));
    }

    private static ExtensionSubscription subscription(Row r) {
        String reason = r.getString("status_reason");
        ExtensionSubscription.Reason why = null;
        if (reason != null) {
            JsonObject j = new JsonObject(reason);
            why = new ExtensionSubscription.Reason(j.getString("reason"), j.getString("description"));
        }
        return new ExtensionSubscription(r.getString("namespace_id"), r.getString("pipeline_id"), r.getString("extension_id"),
                r.getString("subscription_id"), map(r.getString("settings")), r.getString("status"), why, r.getLong("created"));
    }

    private static String reason(ExtensionSubscription.Reason why) {
        return why == null ? null : new JsonObject().put("reason", why.reason()).put("description", why.description()).encode();
    }

    @Override
    public Future<List<ExtensionRegistration>> registrations() {
        return read("SELECT * FROM extension_registrations ORDER BY extension_id").map(rows -> all(rows, SqlExtensionStore::registration));
    }

    @Override
    public Future<Optional<ExtensionRegistration>> registration(String extensionId) {
        return read("SELECT * FROM extension_registrations WHERE extension_id = ?", extensionId)
                .map(rows -> all(rows, SqlExtensionStore::registration).stream().findFirst());
    }

    @Override
    public Future<Boolean> insertRegistration(ExtensionRegistration r) {
        String auth = r.registryAuth() == null ? null
                : new JsonObject().put("user", r.registryAuth().user()).put("pass", r.registryAuth().pass()).encode();
        return writeRecording(NewEvent.extension("installed_extension", r.extensionId(), r.image()),
                "INSERT INTO extension_registrations (extension_id, image, registry_auth, settings, status, created, modified) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (extension_id) DO NOTHING",
                r.extensionId(), r.image(), auth, json(r.settings()), r.status(), r.created(), r.modified()).map(n -> n > 0);
    }

    @Override
    public Future<Void> updateRegistration(ExtensionRegistration r) {
        String kind = ExtensionRegistration.ENABLED.equals(r.status()) ? "enabled_extension" : "disabled_extension";
        return writeRecording(NewEvent.extension(kind, r.extensionId(), r.image()),
                "UPDATE extension_registrations SET status = ?, modified = ? WHERE extension_id = ?",
                r.status(), r.modified(), r.extensionId()).mapEmpty();
    }

    @Override
    public Future<Void> deleteRegistration(ExtensionRegistration r) {
        // the cascade removes its subscriptions too: each gets its unregistered event, in the same transaction
        String subs = "SELECT * FROM extension_subscriptions WHERE extension_id = ? ORDER BY namespace_id, pipeline_id, subscription_id";
        return events.transaction((conn, rec) -> conn.preparedQuery(dialect.apply(subs)).execute(Tuple.of(r.extensionId()))
                .compose(rows -> conn.preparedQuery(dialect.apply("DELETE FROM extension_registrations WHERE extension_id = ?"))
                        .execute(Tuple.of(r.extensionId())).compose(deleted -> {
                            if (deleted.rowCount() == 0) {
                                return Future.succeededFuture();
                            }
                            Future<?> chain = Future.succeededFuture();
                            for (ExtensionSubscription s : all(rows, SqlExtensionStore::subscription)) {
                                chain = chain.compose(x -> rec.record(NewEvent.subscription("pipeline_extension_subscription_unregistered", s)));
                            }
                            return chain.compose(x -> rec.record(NewEvent.extension("uninstalled_extension", r.extensionId(), r.image())));
                        }))).mapEmpty();
    }

    @Override
    public Future<List<ExtensionSubscription>> subscriptionsOf(String extensionId) {
        return read("SELECT * FROM extension_subscriptions WHERE extension_id = ? ORDER BY namespace_id, pipeline_id, subscription_id",
                extensionId).map(rows -> all(rows, SqlExtensionStore::subscription));
    }

    @Override
    public Future<List<ExtensionSubscription>> subscriptionsOfPipeline(String namespaceId, String pipelineId) {
        return read("SELECT * FROM extension_subscriptions WHERE namespace_id = ? AND pipeline_id = ? ORDER BY extension_id, subscription_id",
                namespaceId, pipelineId).map(rows -> all(rows, SqlExtensionStore::subscription));
    }

    @Override
    public Future<Optional<ExtensionSubscription>> subscription(String ns, String pipeline, String extensionId, String subscriptionId) {
        return read("SELECT * FROM extension_subscriptions WHERE namespace_id = ? AND pipeline_id = ? AND extension_id = ? AND subscription_id = ?",
                ns, pipeline, extensionId, subscriptionId).map(rows -> all(rows, SqlExtensionStore::subscription).stream().findFirst());
    }

    @Override
    public Future<Boolean> insertSubscription(ExtensionSubscription s) {
        return writeRecording(NewEvent.subscription("pipeline_extension_subscription_registered", s),
                "INSERT INTO extension_subscriptions (namespace_id, pipeline_id, extension_id, subscription_id, settings, status, "
                        + "status_reason, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (namespace_id, pipeline_id, extension_id, subscription_id) DO NOTHING",
                s.namespaceId(), s.pipelineId(), s.extensionId(), s.subscriptionId(), json(s.settings()), s.status(),
                reason(s.reason()), s.created()).map(n -> n > 0)
                .recover(StoreErrors.vanished("pipeline '" + s.pipelineId() + "' not found in namespace '"
                        + s.namespaceId() + "', or extension '" + s.extensionId() + "' not registered (deleted meanwhile)"));
    }

    @Override
    public Future<Void> updateSubscription(ExtensionSubscription s) {
        return write("UPDATE extension_subscriptions SET status = ?, status_reason = ? "
                        + "WHERE namespace_id = ? AND pipeline_id = ? AND extension_id = ? AND subscription_id = ?",
                s.status(), reason(s.reason()), s.namespaceId(), s.pipelineId(), s.extensionId(), s.subscriptionId()).mapEmpty();
    }

    @Override
    public Future<Void> deleteSubscription(ExtensionSubscription s) {
        return writeRecording(NewEvent.subscription("pipeline_extension_subscription_unregistered", s),
                "DELETE FROM extension_subscriptions WHERE namespace_id = ? AND pipeline_id = ? AND extension_id = ? AND subscription_id = ?",
                s.namespaceId(), s.pipelineId(), s.extensionId(), s.subscriptionId()).mapEmpty();
    }
}
