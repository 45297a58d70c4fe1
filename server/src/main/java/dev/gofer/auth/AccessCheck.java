package dev.gofer.auth;

import dev.gofer.model.RunKey;
import java.time.Instant;
import dev.gofer.auth.RouteTable.Access;
import dev.gofer.auth.RouteTable.Need;
import dev.gofer.events.Actor;
import dev.gofer.model.GoferException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What every /api route runs first (mounted by {@code ApiRouter}, one handler per declared route): takes what the
 * route needs from its {@link RouteTable} rule, resolves the bearer token and its roles, and lets the request
 * through or answers 401/403. Routes then read the {@link Caller} with {@link #caller}.
 */
public final class AccessCheck {
    private static final String CALLER = "gofer.caller";
    /** Development mode: every caller acts as this admin, with no token. */
    public static final Caller DEVELOPMENT = new Caller(new Token("0", "", 0, 0, false, "anonymous (development mode)",
            List.of(Role.ADMIN), Map.of()), List.of(Role.SYSTEM.get(0)), true);

    private final AuthStore store;
    private final boolean developmentMode;

    public AccessCheck(AuthStore store, boolean developmentMode) {
        this.store = store;
        this.developmentMode = developmentMode;
    }

    public static Caller caller(RoutingContext ctx) {
        Caller c = ctx.get(CALLER);
        if (c == null) {
            throw new IllegalStateException("route " + ctx.request().path() + " ran without an access check");
        }
        return c;
    }

    /**
     * The first handler of the route declared by {@code rule}: it decides on exactly the route the router matched
     * (its template, from RouteTable, and the path parameters the router decoded), never on a path of its own.
     */
    public Handler<RoutingContext> forRule(RouteTable.Rule rule) {
        Need need = rule.need();
        return ctx -> {
            if (need.access() == Access.PUBLIC) {
                ctx.next();
                return;
            }
            if (developmentMode) {
                allow(ctx, DEVELOPMENT);
                return;
            }
            // the token lookup is asynchronous: hold the body back for the handlers after this check
            ctx.request().pause();
            authenticate(ctx.request().getHeader("Authorization"))
                    .map(caller -> {
                        authorize(caller, need, ctx.pathParams());
                        return caller;
                    })
                    .onSuccess(caller -> allow(ctx, caller))
                    .onFailure(ctx::fail);
        };
    }

    private static void allow(RoutingContext ctx, Caller caller) {
        ctx.put(CALLER, caller);
        Actor.bind(new Actor(caller.token().id(), caller.token().user()));
        ctx.next();
    }

    /** Resolves {@code Authorization: Bearer <secret>} to a caller; never echoes the secret. */
    public Future<Caller> authenticate(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            return Future.failedFuture(new GoferException(GoferException.Kind.UNAUTHORIZED,
                    "this API needs a token: send 'Authorization: Bearer <token>' (first time on a new server: gofer token bootstrap)"));
        }
        String hash = Secrets.hash(header.substring(7).trim());
        long now = System.currentTimeMillis();
        return store.tokenByHash(hash).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new GoferException(GoferException.Kind.UNAUTHORIZED, "token not recognised (deleted, or mistyped)"));
            }
            Token t = found.get();
            if (t.disabled()) {
                return Future.failedFuture(new GoferException(GoferException.Kind.UNAUTHORIZED, "token " + t.id() + " is disabled"));
            }
            if (t.expiredAt(now)) {
                return Future.failedFuture(new GoferException(GoferException.Kind.UNAUTHORIZED, "token " + t.id() + " expired at "
                        + Instant.ofEpochMilli(t.expires())));
            }
            if (t.roles().contains(Role.RUN_TOKEN)) {
                // a run's token acts with its run's role only, whatever else it lists
                return Future.succeededFuture(new Caller(t, t.run().map(Role::forRun).stream().toList(), false));
            }
            if (t.roles().contains(Role.EXTENSION_TOKEN)) {
                return Future.succeededFuture(new Caller(t, t.extension().map(Role::forExtension).stream().toList(), false));
            }
            return store.roles().map(all -> new Caller(t, all.stream().filter(r -> t.roles().contains(r.id())).toList(), false));
        });
    }

    static void authorize(Caller caller, Need need, Map<String, String> params) {
        switch (need.access()) {
            case PUBLIC, AUTHENTICATED -> {
            }
            case ADMIN -> {
                if (!caller.isAdmin()) {
                    throw new GoferException(GoferException.Kind.FORBIDDEN, "only tokens with the admin role may do this");
                }
            }
            case PERMISSION -> {
                List<Target> targets = need.targets(params);
                if (!caller.may(need.action(), targets)) {
                    throw forbidden(caller, need.action(), targets);
                }
                caller.run().ifPresent(run -> {
                    if (!withinRun(run, targets, params)) {
                        throw new GoferException(GoferException.Kind.FORBIDDEN, "token " + caller.token().id()
                                + " belongs to run " + run + ": it may use only that run, its tasks and objects, and its pipeline's objects");
                    }
                });
                caller.extension().ifPresent(extension -> {
                    // the role's pattern already names the extension; this also keeps it off routes that list them all
                    if (!extension.equals(params.get("extension_id"))) {
                        throw new GoferException(GoferException.Kind.FORBIDDEN, "token " + caller.token().id()
                                + " is the key of extension '" + extension + "': it may use only routes about that extension");
                    }
                });
            }
        }
    }

    /**
     * Where a token bound to {@code run} may go, beyond what its role grants (the role cannot name a run): a route
     * naming a run must name this one; a route naming none must be about objects (the pipeline's). So no listing
     * of runs, no other run's objects, nothing outside its namespace and pipeline.
     */
    static boolean withinRun(RunKey run, List<Target> targets, Map<String, String> params) {
        if (!run.namespaceId().equals(params.get("namespace_id")) || !run.pipelineId().equals(params.get("pipeline_id"))) {
            return false;
        }
        String runId = params.get("run_id");
        if (runId != null) {
            return runId.equals(Long.toString(run.runId()));
        }
        return targets.stream().anyMatch(t -> t.resource().equals("objects"));
    }

    public static GoferException forbidden(Caller caller, Action action, List<Target> targets) {
        String what = targets.stream().map(t -> t.id() == null ? t.resource() : t.resource() + ":" + t.id())
                .collect(Collectors.joining(", "));
        return new GoferException(GoferException.Kind.FORBIDDEN, "token " + caller.token().id() + " (roles "
                + caller.token().roles() + ") may not " + action.wire() + " " + what
                + "; no single role of the token grants all of that");
    }

    /** For handlers that learn a target only from the body (e.g. the id of a new namespace). */
    public static void require(Caller caller, Action action, Target... targets) {
        if (!caller.may(action, targets)) {
            throw forbidden(caller, action, List.of(targets));
        }
    }
}
