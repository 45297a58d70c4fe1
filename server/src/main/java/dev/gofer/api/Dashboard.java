package dev.gofer.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web dashboard: static files from {@code webroot/} (packaged into the jar, so served from the
 * classpath). {@code index.html} is never cached (it names the assets); the assets are immutable for the
 * life of this server process because they are served under {@code /assets/<version>/}, a folder that
 * changes whenever the server (and so the jar that holds the files) starts again; every API instance of one
 * server uses the same folder ({@link SharedByInstances}). A folder rather than a
 * {@code ?v=} query because the scripts are ES modules that import each other by relative URL.
 */
final class Dashboard {
    static final String WEBROOT = "webroot";
    private static final int ONE_YEAR = 365 * 24 * 3600;

    private final Vertx vertx;
    private final String version;
    private Future<String> index;

    Dashboard(Vertx vertx, String semver, String startStamp) {
        this.vertx = vertx;
        this.version = (semver + "-" + startStamp).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    void mount(Router router) {
        router.get("/").handler(this::index);
        router.get("/index.html").handler(this::index);
        router.get("/assets/" + version + "/*").handler(StaticHandler.create(WEBROOT + "/assets")
                .setCachingEnabled(true).setMaxAgeSeconds(ONE_YEAR).setDirectoryListing(false));
    }

    private void index(RoutingContext ctx) {
        if (index == null) {
            // read once from the classpath; the template only needs the asset version filled in
            index = vertx.fileSystem().readFile(WEBROOT + "/index.html")
                    .map(b -> b.toString().replace("{{version}}", version))
                    .onFailure(e -> index = null); // try again next time rather than fail forever
        }
        index.onSuccess(html -> ctx.response()
                        .putHeader("content-type", "text/html; charset=utf-8")
                        .putHeader("cache-control", "no-cache")
                        .putHeader("x-content-type-options", "nosniff")
                        .end(html))
                .onFailure(ctx::fail);
    }
}
