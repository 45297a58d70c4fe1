package dev.gofer.store;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Secrets as the database holds them: ciphertext only (the secrets package encrypts before and decrypts
 * after), so nothing here ever sees a plaintext value.
 */
public interface SecretStore {
    /** {@code namespaces}: the patterns of a global secret (empty for pipeline secrets). */
    record StoredSecret(String key, byte[] ciphertext, List<String> namespaces, long created) {
    }

    /** Ordered by key. */
    Future<List<StoredSecret>> list(String scope, String owner);

    Future<Optional<StoredSecret>> get(String scope, String owner, String key);

    /** Stores the secret; when the key exists, refuses with a conflict unless {@code force}. */
    Future<StoredSecret> put(String scope, String owner, StoredSecret secret, boolean force);

    /** A stored secret with where it belongs. */
    record Located(String scope, String owner, StoredSecret secret) {
    }

    /** Any one stored secret outside {@code exceptScope} (to check a key against), or empty. */
    Future<Optional<Located>> sample(String exceptScope);

    /** True when the key existed. */
    Future<Boolean> delete(String scope, String owner, String key);
}
