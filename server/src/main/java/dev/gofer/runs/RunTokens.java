package dev.gofer.runs;

import dev.gofer.auth.AuthStore;
import dev.gofer.auth.Role;
import dev.gofer.auth.Secrets;
import dev.gofer.auth.Token;
import dev.gofer.config.EncryptionKey;
import dev.gofer.model.RunKey;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API token a run's tasks get with {@code inject_api_token}: one per run, minted when the first task that
 * asks for it starts, stored like every token only as a hash, bound to its run (role {@link Role#RUN_TOKEN}), and
 * revoked (deleted) when the run ends.
 *
 * <p>Its value is derived rather than random-and-forgotten: HMAC-SHA256 of the token's random id under a key
 * derived from the server's encryption key. It is never stored anywhere, yet after a restart Gofer computes it
 * again, to mask it in the logs of the tasks it re-attaches and to hand it to the run's later tasks. Whoever holds
 * the encryption key (who can decrypt every secret anyway) could compute it too; nobody else can.
 */
public final class RunTokens {
    private static final Logger LOG = LoggerFactory.getLogger(RunTokens.class);
    /** Separates this use of the encryption key from encrypting secrets with it. */
    private static final String PURPOSE = "gofer run api token v1";

    /** What a task gets: the token (a secret) and the URL of Gofer's API as its container reaches it. */
    public record Injected(String token, String apiUrl) {
        @Override
        public String toString() {
            return "Injected[token=***, apiUrl=" + apiUrl + "]";
        }
    }

    private final AuthStore auth;
    private final byte[] key;
    private final Future<String> apiUrl;
    private final LongSupplier clock;
    /** The value of each active run's token, once found or minted: parallel tasks share one mint. */
    private final Map<RunKey, Future<String>> values = new ConcurrentHashMap<>();

    /** @param apiUrl completes once the API listens (tasks resumed at start wait for it) */
    public RunTokens(AuthStore auth, EncryptionKey encryptionKey, Future<String> apiUrl, LongSupplier clock) {
        this.auth = auth;
        this.key = hmac(encryptionKey.bytes(), PURPOSE);
        this.apiUrl = apiUrl;
        this.clock = clock;
    }

    public Future<Injected> forRun(RunKey run) {
        Future<String> value = values.computeIfAbsent(run, this::findOrMint);
        value.onFailure(e -> values.remove(run, value)); // the next task tries again
        return value.compose(v -> apiUrl.map(url -> new Injected(v, url)));
    }

    /** The run's token if it has one (computed again after a restart), else a new one. */
    private Future<String> findOrMint(RunKey run) {
        return auth.tokensOf(Token.runUser(run)).compose(existing -> {
            Future<Void> stale = Future.succeededFuture();
            for (Token t : existing) {
                if (!run.equals(t.run().orElse(null))) {
                    continue;
                }
                String value = derive(t.id());
                if (Secrets.hash(value).equals(t.hash())) {
                    return Future.succeededFuture(value);
                }
                // minted under another encryption key: unusable by anyone, so replaced
                stale = stale.compose(v -> auth.deleteToken(t.id()).mapEmpty());
            }
            return stale.compose(v -> mint(run));
        });
    }

    private Future<String> mint(RunKey run) {
        String id = UUID.randomUUID().toString();
        String value = derive(id);
        return auth.createToken(Token.forRun(id, Secrets.hash(value), clock.getAsLong(), run))
                .onSuccess(v -> LOG.debug("minted API token {} for run {}", id, run))
                .map(value);
    }

    /** Deletes the run's token (if it had one): from now on it is refused with 401. */
    public Future<Void> revoke(RunKey run) {
        values.remove(run);
        return auth.tokensOf(Token.runUser(run)).compose(tokens -> delete(tokens.stream()
                .filter(t -> t.roles().contains(Role.RUN_TOKEN)).toList()));
    }

    /**
     * Deletes every run token not bound to a {@code live} run: after a crash between a run's end and its
     * token's revocation, the token would otherwise outlive its run.
     */
    public Future<Void> keepOnly(Predicate<RunKey> live) {
        return auth.tokens().compose(tokens -> delete(tokens.stream()
                .filter(t -> t.roles().contains(Role.RUN_TOKEN) && !t.run().map(live::test).orElse(false)).toList()));
    }

    private Future<Void> delete(List<Token> tokens) {
        Future<Void> chain = Future.succeededFuture();
        for (Token t : tokens) {
            chain = chain.compose(v -> auth.deleteToken(t.id()).onSuccess(deleted -> {
                if (deleted) {
                    LOG.debug("revoked API token {} of {}", t.id(), t.user());
                }
            }).mapEmpty());
        }
        return chain;
    }

    private String derive(String tokenId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, tokenId));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
