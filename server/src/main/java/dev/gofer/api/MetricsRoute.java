package dev.gofer.api;

import dev.gofer.metrics.ServerMetrics;
import dev.gofer.model.GoferException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics} for Prometheus. Outside /api and the token route table on purpose: a scraper holds only
 * {@code metrics_token}, which opens this one route and nothing else, and no API token opens it.
 */
final class MetricsRoute {
    private final ServerMetrics metrics;

    MetricsRoute(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    void mount(Router router) {
        router.get("/metrics").handler(this::scrape);
    }

    private void scrape(RoutingContext ctx) {
        if (!metrics.enabled()) {
            ctx.fail(new GoferException(GoferException.Kind.NOT_FOUND,
                    "metrics are off: set metrics_token (GOFER_METRICS_TOKEN) to serve them at /metrics"));
            return;
        }
        if (!metrics.admits(ctx.request().getHeader("authorization"))) {
            ctx.response().putHeader("www-authenticate", "Bearer realm=\"gofer metrics\"");
            ctx.fail(new GoferException(GoferException.Kind.UNAUTHORIZED,
                    "GET /metrics needs the header Authorization: Bearer <metrics_token> (API tokens do not open it)"));
            return;
        }
        metrics.scrape(ctx.vertx())
                .onSuccess(text -> ctx.response().putHeader("content-type", ServerMetrics.CONTENT_TYPE).end(text))
                .onFailure(ctx::fail);
    }
}
