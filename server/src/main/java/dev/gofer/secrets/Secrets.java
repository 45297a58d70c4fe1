package dev.gofer.secrets;

import dev.gofer.model.PathKeys;
import java.nio.charset.StandardCharsets;
import dev.gofer.model.GoferException;
import dev.gofer.store.SecretStore;
import dev.gofer.store.SecretStore.StoredSecret;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Pipeline and global secrets: encrypted before they reach the {@link SecretStore}, decrypted (off the event
 * loop) only for a caller that asked for the value, or to hand it to a task. Messages name keys, never values.
 */
public final class Secrets {
    public static final String PIPELINE = "pipeline";
    public static final String GLOBAL = "global";
    public static final int MAX_VALUE_BYTES = 64 * 1024;

    private final Vertx vertx;
    private final SecretStore store;
    private final SecretCipher cipher;
    private final LongSupplier clock;

    public Secrets(Vertx vertx, SecretStore store, SecretCipher cipher, LongSupplier clock) {
        this.vertx = vertx;
        this.store = store;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** What may be shown about a secret: never its value. {@code namespaces} is empty for pipeline secrets. */
    public record Metadata(String key, List<String> namespaces, long created) {
    }

    /** {@code value} only when it was asked for. */
    public record Found(Metadata metadata, Optional<String> value) {
    }

    /** A placeholder that cannot be filled: the message names the key and why, never a value. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    /**
     * At start: the key must open what is stored, or the server does not start (never garbage later). An encrypted
     * check value is kept (scope {@code system}); a database from before it had one is checked against a stored secret.
     */
    public Future<Void> verifyKey(String keySource) {
        return store.get(SYSTEM, "", KEY_CHECK).compose(check -> {
            if (check.isPresent()) {
                return opens(new SecretStore.Located(SYSTEM, "", check.get()), keySource);
            }
            return store.sample(SYSTEM)
                    .compose(any -> any.isPresent() ? opens(any.get(), keySource) : Future.<Void>succeededFuture())
                    .compose(v -> vertx.executeBlocking(() -> cipher.encrypt(KEY_CHECK, identity(SYSTEM, "", KEY_CHECK)), false))
                    .compose(sealed -> store.put(SYSTEM, "", new SecretStore.StoredSecret(KEY_CHECK, sealed, List.of(),
                            clock.getAsLong()), true))
                    .mapEmpty();
        });
    }

    private Future<Void> opens(SecretStore.Located stored, String keySource) {
        return vertx.<Void>executeBlocking(() -> {
            try {
                cipher.decrypt(stored.secret().ciphertext(), identity(stored.scope(), stored.owner(), stored.secret().key()), "");
                return null;
            } catch (SecretCipher.WrongKeyException e) {
                throw new IllegalStateException("the encryption key (" + keySource + ") does not match the secrets stored"
                        + " in this database: they were encrypted with another key. Start Gofer with the key they were"
                        + " stored under: setting encryption_key (GOFER_ENCRYPTION_KEY, --encryption-key), or the key file "
                        + KEY_FILE_HINT);
            }
        }, false);
    }

    private static final String SYSTEM = "system";
    private static final String KEY_CHECK = "key-check";
    private static final String KEY_FILE_HINT = "encryption.key in the data dir (setting data_dir)";

    private static String pipelineOwner(String ns, String pipeline) {
        return ns + "/" + pipeline;
    }

    private static String identity(String scope, String owner, String key) {
        return scope + "\0" + owner + "\0" + key;
    }

    /** The rule for keys in URL paths ({@link dev.gofer.model.PathKeys}): a key "." or ".." could never be read or deleted. */
    public static String checkKey(String key) {
        return PathKeys.check(key, "secret key");
    }

    private static void checkValue(String content) {
        if (content == null) {
            throw GoferException.invalid("content: the secret value is required");
        }
        if (content.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            throw GoferException.invalid("content: a secret may be at most " + MAX_VALUE_BYTES + " bytes");
        }
    }

    private static Metadata metadata(StoredSecret s) {
        return new Metadata(s.key(), s.namespaces(), s.created());
    }

    public Future<Metadata> putPipeline(String ns, String pipeline, String key, String content, boolean force) {
        checkKey(key);
        checkValue(content);
        String owner = pipelineOwner(ns, pipeline);
        return put(PIPELINE, owner, key, content, List.of(), force);
    }

    public Future<Metadata> putGlobal(String key, String content, List<String> namespaces, boolean force) {
        checkKey(key);
        checkValue(content);
        return put(GLOBAL, "", key, content, NamespacePatterns.check(namespaces), force);
    }

    private Future<Metadata> put(String scope, String owner, String key, String content, List<String> namespaces, boolean force) {
        return vertx.executeBlocking(() -> cipher.encrypt(content, identity(scope, owner, key)), false)
                .compose(sealed -> store.put(scope, owner, new StoredSecret(key, sealed, namespaces, clock.getAsLong()), force))
                .map(Secrets::metadata);
    }

    public Future<List<Metadata>> listPipeline(String ns, String pipeline) {
        return store.list(PIPELINE, pipelineOwner(ns, pipeline)).map(l -> l.stream().map(Secrets::metadata).toList());
    }

    public Future<List<Metadata>> listGlobal() {
        return store.list(GLOBAL, "").map(l -> l.stream().map(Secrets::metadata).toList());
    }

    public Future<Found> getPipeline(String ns, String pipeline, String key, boolean reveal) {
        return get(PIPELINE, pipelineOwner(ns, pipeline), key, reveal, "pipeline secret '" + key + "'");
    }

    public Future<Found> getGlobal(String key, boolean reveal) {
        return get(GLOBAL, "", key, reveal, "global secret '" + key + "'");
    }

    private Future<Found> get(String scope, String owner, String key, boolean reveal, String what) {
        checkKey(key);
        return store.get(scope, owner, key).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(GoferException.notFound(what + " not found"));
            }
            StoredSecret s = found.get();
            if (!reveal) {
                return Future.succeededFuture(new Found(metadata(s), Optional.empty()));
            }
            return decrypt(scope, owner, s, what).map(v -> new Found(metadata(s), Optional.of(v)));
        });
    }

    private Future<String> decrypt(String scope, String owner, StoredSecret s, String what) {
        return vertx.executeBlocking(() -> cipher.decrypt(s.ciphertext(), identity(scope, owner, s.key()), what), false)
                .recover(e -> Future.failedFuture(e instanceof SecretCipher.WrongKeyException
                        ? new GoferException(GoferException.Kind.UNAVAILABLE, e.getMessage()) : e));
    }

    public Future<Void> deletePipeline(String ns, String pipeline, String key) {
        checkKey(key);
        return store.delete(PIPELINE, pipelineOwner(ns, pipeline), key).compose(existed -> existed ? Future.succeededFuture()
                : Future.failedFuture(GoferException.notFound("pipeline secret '" + key + "' not found")));
    }

    public Future<Void> deleteGlobal(String key) {
        checkKey(key);
        return store.delete(GLOBAL, "", key).compose(existed -> existed ? Future.succeededFuture()
                : Future.failedFuture(GoferException.notFound("global secret '" + key + "' not found")));
    }

    /** The value for a task of this pipeline; fails with {@link Unavailable} when there is no such key. */
    public Future<String> forPipelineTask(String ns, String pipeline, String key) {
        String owner = pipelineOwner(ns, pipeline);
        String what = "pipeline secret '" + key + "'";
        return store.get(PIPELINE, owner, key).compose(found -> found.isEmpty()
                ? Future.failedFuture(new Unavailable(what + " does not exist in pipeline '" + pipeline + "'"))
                : decrypt(PIPELINE, owner, found.get(), what));
    }

    /** The value for a task in namespace {@code ns}; fails with {@link Unavailable} when missing or not allowed there. */
    public Future<String> forGlobalTask(String ns, String key) {
        String what = "global secret '" + key + "'";
        return store.get(GLOBAL, "", key).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new Unavailable(what + " does not exist"));
            }
            if (!NamespacePatterns.allows(found.get().namespaces(), ns)) {
                return Future.failedFuture(new Unavailable(what + " may not be used in namespace '" + ns
                        + "' (its namespace patterns do not match)"));
            }
            return decrypt(GLOBAL, "", found.get(), what);
        });
    }
}
