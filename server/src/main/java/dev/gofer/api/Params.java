package dev.gofer.api;

import dev.gofer.model.GoferException;
import io.vertx.ext.web.RoutingContext;

/** Path and query parameters, checked once, with errors that name the parameter. */
final class Params {
    private Params() {
    }

    static String ns(RoutingContext ctx) {
        return ctx.pathParam("namespace_id");
    }

    static String pipeline(RoutingContext ctx) {
        return ctx.pathParam("pipeline_id");
    }

    static String task(RoutingContext ctx) {
        return ctx.pathParam("task_id");
    }

    static long pathLong(RoutingContext ctx, String name) {
        return number(ctx.pathParam(name), name);
    }

    static int query(RoutingContext ctx, String name, int dflt, int max) {
        String v = ctx.queryParams().get(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        long n = number(v, name);
        if (n > max) {
            throw GoferException.invalid(name + ": must be at most " + max + ", got " + n);
        }
        return (int) n;
    }

    static boolean flag(RoutingContext ctx, String name) {
        String v = ctx.queryParams().get(name);
        if (v == null || v.isEmpty()) {
            return false;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw GoferException.invalid(name + ": must be true or false, got '" + v + "'");
        }
        return v.equals("true");
    }

    private static long number(String v, String name) {
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw GoferException.invalid(name + ": must be a whole number of 0 or more, got '" + v + "'");
        }
    }
}
