package dev.gofer.extensions;

import dev.gofer.auth.AuthStore;
import dev.gofer.auth.Role;
import dev.gofer.auth.Secrets;
import dev.gofer.auth.Token;
import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The key Gofer hands an extension container is an API token as well: stored only as a hash, with the role
 * {@link Role#EXTENSION_TOKEN} bound to that extension (read it and its subscriptions, read/write its objects), so
 * the extension may also use the REST API ({@code GOFER_API_URL}) for exactly that and nothing more. Each container
 * start mints a fresh one; stopping the container revokes it.
 */
public final class ExtensionTokens {
    /** A minted key: the token's id (to revoke it) and the secret the container gets. */
    public record Minted(String tokenId, String key) {
        @Override
        public String toString() {
            return "Minted[tokenId=" + tokenId + ", key=***]";
        }
    }

    private final AuthStore auth;
    private final LongSupplier clock;

    public ExtensionTokens(AuthStore auth, LongSupplier clock) {
        this.auth = auth;
        this.clock = clock;
    }

    public Future<Minted> mint(String extensionId) {
        String id = UUID.randomUUID().toString();
        String key = Secrets.newSecret();
        return auth.createToken(Token.forExtension(id, Secrets.hash(key), clock.getAsLong(), extensionId)).map(new Minted(id, key));
    }

    /** Revokes one container's key by token id, so a late revoke can never hit the next container's key. */
    public Future<Void> revoke(String tokenId) {
        return auth.deleteToken(tokenId).mapEmpty();
    }

    /** At server start no extension container of the previous process is trusted any more: all their keys go. */
    public Future<Void> revokeAll() {
        return auth.tokens().compose(tokens -> {
            List<Token> keys = tokens.stream().filter(t -> t.roles().contains(Role.EXTENSION_TOKEN)).toList();
            Future<Void> chain = Future.succeededFuture();
            for (Token t : keys) {
                chain = chain.compose(v -> revoke(t.id()));
            }
            return chain;
        });
    }
}
