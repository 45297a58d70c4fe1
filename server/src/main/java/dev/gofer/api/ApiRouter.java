package dev.gofer.api;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import dev.gofer.auth.AccessCheck;
import dev.gofer.auth.RouteTable;
import dev.gofer.model.GoferException;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * How every /api route is mounted: the route's first handler is the access check for exactly its
 * {@link RouteTable} rule (so authorisation decides on the route the router matched, with the parameters the
 * router decoded), then the body handler, then whatever the caller adds. A route missing from the table cannot
 * be mounted: the server does not start.
 */
final class ApiRouter {
    private final Router router;
    private final AccessCheck access;
    private final BodyHandler bodies;

    ApiRouter(Router router, AccessCheck access, BodyHandler bodies) {
        this.router = router;
        this.access = access;
        this.bodies = bodies;
    }

    Route get(String template) {
        return route(HttpMethod.GET, template, true);
    }

    Route post(String template) {
        return route(HttpMethod.POST, template, true);
    }

    Route patch(String template) {
        return route(HttpMethod.PATCH, template, true);
    }

    Route delete(String template) {
        return route(HttpMethod.DELETE, template, true);
    }

    /** A GET that becomes a WebSocket: no body handler reads the request before the upgrade. */
    Route webSocket(String template) {
        return route(HttpMethod.GET, template, false);
    }

    /** A POST whose body the route streams itself (object uploads): no body handler buffers it. */
    Route upload(String template) {
        return route(HttpMethod.POST, template, false);
    }

    /**
     * Bodies are JSON (webhooks through /api/external may be forms). Form and multipart bodies on methods that
     * take no body are refused here: the body handler would fail on them with a 500.
     */
    private void body(RoutingContext ctx) {
        String type = ctx.request().getHeader("content-type");
        HttpMethod method = ctx.request().method();
        boolean form = type != null && (type.regionMatches(true, 0, "multipart/", 0, 10)
                || type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33));
        if (form && method != HttpMethod.POST && method != HttpMethod.PATCH) {
            ctx.fail(GoferException.invalid("content-type: " + method + " takes no " + type.split(";")[0].trim()
                    + " body; send no body (or JSON, application/json, where a route takes one)"));
            return;
        }
        String charset = charset(type);
        if (charset != null && !supported(charset)) {
            ctx.fail(GoferException.invalid("content-type: unknown charset '" + charset + "'; send UTF-8 (charset=utf-8)"));
            return;
        }
        bodies.handle(ctx);
    }

    private static String charset(String type) {
        if (type == null) {
            return null;
        }
        for (String param : type.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                return p.substring(8).replace("\"", "").trim();
            }
        }
        return null;
    }

    private static boolean supported(String charset) {
        try {
            return Charset.isSupported(charset);
        } catch (IllegalCharsetNameException e) {
            return false;
        }
    }

    private Route route(HttpMethod method, String template, boolean body) {
        RouteTable.Rule rule = RouteTable.declared(method.name(), template).orElseThrow(() -> new IllegalStateException(
                "route " + method + " " + template + " is not declared in RouteTable: declare what it needs there"));
        Route route = router.route(method, template);
        if (!body) {
            // held until the route streams it, whatever asynchronous checks come first
            route.handler(ctx -> {
                ctx.request().pause();
                ctx.next();
            });
        }
        route.handler(access.forRule(rule));
        return body ? route.handler(this::body) : route;
    }
}
