package dev.gofer.api;

import dev.gofer.model.GoferException;
import dev.gofer.model.RunKey;
import dev.gofer.objects.ObjectScope;
import dev.gofer.objects.ObjectStore;
import dev.gofer.store.ObjectIndex.Entry;
import dev.gofer.store.ObjectIndex.PutResult;
import dev.gofer.store.Store;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Pipeline, run and extension objects. Uploads are raw bodies streamed to the object store (no body
 * handler buffers them: see {@link ApiRouter#upload}); downloads stream the stored bytes back.
 */
final class ObjectRoutes {
    private static final String PIPELINE = "/api/namespaces/:namespace_id/pipelines/:pipeline_id";
    private static final Pattern EXTENSION_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final Store store;
    private final ObjectStore objects;

    ObjectRoutes(Store store, ObjectStore objects) {
        this.store = store;
        this.objects = objects;
    }

    void mount(ApiRouter router) {
        mountScope(router, PIPELINE + "/objects", this::pipelineScope);
        mountScope(router, PIPELINE + "/runs/:run_id/objects", this::runScope);
        mountScope(router, "/api/extensions/:extension_id/objects", this::extensionScope);
    }

    private void mountScope(ApiRouter router, String base, Function<RoutingContext, Future<ObjectScope>> scope) {
        router.get(base).handler(ctx -> Replies.json(ctx, 200, scope.apply(ctx).compose(objects::list)
                .map(list -> new JsonObject().put("objects", PipelineRoutes.array(list, ObjectRoutes::object)))));
        router.get(base + "/:key").handler(ctx -> download(ctx, scope.apply(ctx)));
        router.upload(base + "/:key").handler(ctx -> upload(ctx, scope.apply(ctx)));
        router.delete(base + "/:key").handler(ctx -> Replies.empty(ctx,
                scope.apply(ctx).compose(s -> objects.delete(s, ctx.pathParam("key")))));
    }

    private void upload(RoutingContext ctx, Future<ObjectScope> scope) {
        HttpServerRequest req = ctx.request();
        boolean force = Params.flag(ctx, "force");
        String key = ctx.pathParam("key");
        Long declared = declaredLength(req);
        Replies.json(ctx, 201, scope
                .compose(s -> objects.precheck(s, key, declared, force).compose(v -> objects.put(s, key, req, force)))
                .map(this::putResponse));
    }

    private JsonObject putResponse(PutResult result) {
        JsonObject out = new JsonObject().put("object", object(result.stored()));
        // Beyond the contract (Gofer 0.9.x's Go era had them): the limit, and what storing this key evicted.
        out.put("object_limit", objects.pipelineObjectLimit());
        out.put("object_evicted", result.evicted().isEmpty() ? null : object(result.evicted().get(0)));
        return out;
    }

    private void download(RoutingContext ctx, Future<ObjectScope> scope) {
        scope.compose(s -> objects.open(s, ctx.pathParam("key"))).onSuccess(opened ->
                ctx.response().setStatusCode(200)
                        .putHeader("content-type", "application/octet-stream")
                        .putHeader("content-length", Long.toString(opened.entry().size()))
                        .send(opened.stream())
                        .onFailure(e -> ctx.response().reset())
        ).onFailure(ctx::fail);
    }

    private static Long declaredLength(HttpServerRequest req) {
        String v = req.getHeader("content-length");
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw GoferException.invalid("content-length: not a number");
        }
    }

    static JsonObject object(Entry e) {
        return new JsonObject().put("key", e.key()).put("created", e.created()).put("size", e.size());
    }

    private Future<ObjectScope> pipelineScope(RoutingContext ctx) {
        String ns = Params.ns(ctx);
        String id = Params.pipeline(ctx);
        return store.pipeline(ns, id).compose(p -> PipelineRoutes.found(p, "pipeline '" + id + "' not found in namespace '" + ns + "'"))
                .map(p -> new ObjectScope.Pipeline(ns, id));
    }

    private Future<ObjectScope> runScope(RoutingContext ctx) {
        long runId = Params.pathLong(ctx, "run_id");
        RunKey key = new RunKey(Params.ns(ctx), Params.pipeline(ctx), runId);
        return pipelineScope(ctx).compose(v -> store.run(key))
                .compose(r -> PipelineRoutes.found(r, "run " + runId + " of pipeline '" + key.pipelineId() + "' not found"))
                .compose(r -> r.storeObjectsExpired() && ctx.request().method() == HttpMethod.POST
                        ? Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT, "the objects of run " + runId
                                + " have expired (newer runs exist); it takes no new objects"))
                        : Future.succeededFuture(new ObjectScope.Run(key)));
    }

    /** Extensions are not built yet: any well-formed extension id has an object store. */
    private Future<ObjectScope> extensionScope(RoutingContext ctx) {
        String id = ctx.pathParam("extension_id");
        if (!EXTENSION_ID.matcher(id).matches()) {
            return Future.failedFuture(GoferException.invalid("extension_id: '" + id + "' is not a valid extension id"));
        }
        return Future.succeededFuture(new ObjectScope.Extension(id));
    }
}
