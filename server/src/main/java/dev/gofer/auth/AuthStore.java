package dev.gofer.auth;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Tokens (hashes only), custom roles and the one-time bootstrap flag. Changes record their events atomically. */
public interface AuthStore {
    /** Stores the token unless a root token was already bootstrapped: then fails with CONFLICT. */
    Future<Void> bootstrap(Token token);

    Future<Void> createToken(Token token);

    Future<Optional<Token>> tokenByHash(String hash);

    Future<Optional<Token>> token(String id);

    Future<List<Token>> tokens();

    /** Tokens whose user is exactly {@code user} (e.g. a run's token, user {@code run:<ns>/<pipeline>/<run>}). */
    Future<List<Token>> tokensOf(String user);

    Future<Boolean> setDisabled(String id, boolean disabled);

    Future<Boolean> deleteToken(String id);

    /** System roles first, then custom roles by id. */
    Future<List<Role>> roles();

    Future<Optional<Role>> role(String id);

    /** Fails with CONFLICT when the id is taken (system role ids included). */
    Future<Void> createRole(Role role);

    Future<Boolean> updateRole(Role role);

    /** Fails with CONFLICT while a token still has the role. */
    Future<Boolean> deleteRole(String id);
}
