package dev.gofer.api;

import java.math.BigDecimal;
import dev.gofer.auth.AccessCheck;
import dev.gofer.auth.AuthStore;
import dev.gofer.auth.Caller;
import dev.gofer.auth.Role;
import dev.gofer.auth.Secrets;
import dev.gofer.auth.Token;
import dev.gofer.model.GoferException;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Tokens: bootstrap once, create (secret shown once), list, get, enable/disable, delete, whoami. */
final class TokenRoutes {
    /** The longest a token may live: 10 years of 365 days, in seconds. */
    static final long MAX_EXPIRES_SECONDS = 3650L * 24 * 60 * 60;
    private final AuthStore auth;

    TokenRoutes(AuthStore auth) {
        this.auth = auth;
    }

    void mount(ApiRouter router) {
        router.post("/api/tokens/bootstrap").handler(ctx -> {
            String secret = Secrets.newSecret();
            Token token = new Token(UUID.randomUUID().toString(), Secrets.hash(secret), System.currentTimeMillis(), 0,
                    false, "root", List.of(Role.ADMIN), Map.of("bootstrap", "true"));
            Replies.json(ctx, 201, auth.bootstrap(token).map(v -> created(secret, token)));
        });
        router.get("/api/tokens/whoami").handler(ctx -> Replies.json(ctx, 200, Future.succeededFuture(
                new JsonObject().put("token", AccessCheck.caller(ctx).token().toJson()))));
        router.get("/api/tokens").handler(ctx -> Replies.json(ctx, 200, auth.tokens().map(list -> {
            JsonArray out = new JsonArray();
            list.forEach(t -> out.add(t.toJson()));
            return new JsonObject().put("tokens", out);
        })));
        router.post("/api/tokens").handler(this::create);
        router.get("/api/tokens/:id").handler(ctx -> Replies.json(ctx, 200, find(ctx).map(t -> new JsonObject().put("token", t.toJson()))));
        router.patch("/api/tokens/:id").handler(ctx -> {
            JsonObject body = body(ctx);
            if (!(body.getValue("disabled") instanceof Boolean disabled)) {
                throw GoferException.invalid("disabled: must be true or false");
            }
            Replies.empty(ctx, find(ctx).compose(t -> {
                mayManage(AccessCheck.caller(ctx), t.roles());
                return auth.setDisabled(t.id(), disabled);
            }));
        });
        router.delete("/api/tokens/:id").handler(ctx -> Replies.empty(ctx, find(ctx).compose(t -> {
            mayManage(AccessCheck.caller(ctx), t.roles());
            return auth.deleteToken(t.id());
        })));
    }

    private static JsonObject created(String secret, Token token) {
        return new JsonObject().put("secret", secret).put("token_details", token.toJson());
    }

    private Future<Token> find(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        return auth.token(id).compose(t -> PipelineRoutes.found(t, "token '" + id + "' not found"));
    }

    private void create(RoutingContext ctx) {
        JsonObject body = body(ctx);
        Caller caller = AccessCheck.caller(ctx);
        if (!(body.getValue("user") instanceof String user) || user.isBlank() || user.length() > 200) {
            throw GoferException.invalid("user: must be a non-empty name (at most 200 characters) saying who or what uses the token");
        }
        long expiresSeconds = expiresSeconds(body.getValue("expires", 0));
        if (!(body.getValue("roles") instanceof JsonArray rolesJson) || rolesJson.isEmpty()) {
            throw GoferException.invalid("roles: must be a non-empty list of role ids, e.g. [\"user\"] (see gofer role list)");
        }
        List<String> roles = new ArrayList<>();
        for (int i = 0; i < rolesJson.size(); i++) {
            if (!(rolesJson.getValue(i) instanceof String r) || r.isBlank()) {
                throw GoferException.invalid("roles[" + i + "]: must be a role id");
            }
            if (Role.GIVEN_BY_GOFER.contains(r)) {
                throw GoferException.invalid("roles[" + i + "]: '" + r + "' is given only by Gofer, to the tokens it mints for"
                        + " runs (inject_api_token) and extension containers; pick another role (see gofer role list)");
            }
            roles.add(r);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        Object metaValue = body.getValue("metadata");
        if (metaValue != null) {
            if (!(metaValue instanceof JsonObject meta)) {
                throw GoferException.invalid("metadata: must be an object of names to strings");
            }
            for (String k : meta.fieldNames()) {
                if (!(meta.getValue(k) instanceof String v)) {
                    throw GoferException.invalid("metadata." + k + ": must be a string");
                }
                metadata.put(k, v);
            }
        }
        mayManage(caller, roles);
        long now = System.currentTimeMillis();
        long expires = expiresSeconds == 0 ? 0 : now + Math.multiplyExact(expiresSeconds, 1000L);
        String secret = Secrets.newSecret();
        Token token = new Token(UUID.randomUUID().toString(), Secrets.hash(secret), now, expires, false, user, roles, metadata);
        Replies.json(ctx, 201, auth.roles().compose(all -> {
            for (String r : roles) {
                if (all.stream().noneMatch(x -> x.id().equals(r))) {
                    return Future.failedFuture(GoferException.invalid("roles: no role '" + r + "'; see gofer role list"));
                }
            }
            return auth.createToken(token);
        }).map(v -> created(secret, token)));
    }

    /**
     * {@code expires}: whole seconds from 0 (never expires) to {@link #MAX_EXPIRES_SECONDS}, so the expiry time in
     * epoch milliseconds can neither overflow nor turn negative. JSON numbers arrive as Integer, Long, BigInteger
     * (beyond a long) or Double (with a fraction or an exponent).
     */
    static long expiresSeconds(Object value) {
        BigDecimal n;
        try {
            n = value instanceof Number num ? new BigDecimal(num.toString()) : null;
        } catch (NumberFormatException e) {
            n = null; // NaN or Infinity
        }
        if (n == null || n.signum() < 0 || n.stripTrailingZeros().scale() > 0
                || n.compareTo(BigDecimal.valueOf(MAX_EXPIRES_SECONDS)) > 0) {
            throw GoferException.invalid("expires: must be a whole number of seconds from 0 to " + MAX_EXPIRES_SECONDS
                    + " (10 years); 0 = never expires");
        }
        return n.longValueExact();
    }

    /** Non-admins may only hand out (or change tokens holding) roles they hold themselves: no privilege raising. */
    private static void mayManage(Caller caller, List<String> roles) {
        if (caller.isAdmin()) {
            return;
        }
        List<String> own = caller.token().roles();
        List<String> foreign = roles.stream().filter(r -> !own.contains(r)).toList();
        if (!foreign.isEmpty()) {
            throw new GoferException(GoferException.Kind.FORBIDDEN, "only admins may manage tokens with roles "
                    + foreign + " (your token holds " + own + ")");
        }
    }

    static JsonObject body(RoutingContext ctx) {
        String text = ctx.body().asString();
        if (text == null || text.isBlank()) {
            return new JsonObject();
        }
        try {
            return new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw GoferException.invalid("request body is not a JSON object");
        }
    }
}
