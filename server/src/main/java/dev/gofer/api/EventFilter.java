package dev.gofer.api;

import dev.gofer.events.Event;
import io.vertx.ext.web.RoutingContext;

/**
 * What one event stream carries beyond what its caller may read: {@code namespace}, {@code pipeline} and
 * {@code run} query parameters, each optional; given ones must all match, so an event about no namespace
 * (roles, tokens, extensions) passes only a stream without filters. The dashboard opens one stream per tab
 * filtered to the view it shows.
 */
record EventFilter(String namespace, String pipeline, Long run) {

    static EventFilter of(RoutingContext ctx) {
        String namespace = blankToNull(ctx.queryParams().get("namespace"));
        String pipeline = blankToNull(ctx.queryParams().get("pipeline"));
        String run = blankToNull(ctx.queryParams().get("run"));
        return new EventFilter(namespace, pipeline, run == null ? null : (long) Params.query(ctx, "run", 0, Integer.MAX_VALUE));
    }

    boolean matches(Event e) {
        if (namespace != null && !namespace.equals(e.namespaceId())) {
            return false;
        }
        if (pipeline != null && !pipeline.equals(e.pipelineId())) {
            return false;
        }
        return run == null || e.details().getValue("run_id") instanceof Number n && n.longValue() == run;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
