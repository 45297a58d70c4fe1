package dev.gofer.api;

import java.util.List;
import dev.gofer.auth.AccessCheck;
import dev.gofer.auth.Action;
import dev.gofer.auth.Caller;
import dev.gofer.auth.Target;
import dev.gofer.config.TaskLimits;
import dev.gofer.model.GoferException;
import dev.gofer.model.Namespace;
import dev.gofer.deletion.PipelineDeletion;
import dev.gofer.sdk.config.PipelineConfig;
import dev.gofer.store.ConfigStore;
import dev.gofer.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.Function;

/** Namespaces, pipelines, config versions and deployments. */
final class PipelineRoutes {
    private final Store store;
    private final TaskLimits limits;
    private final ConfigStore configs;
    private final PipelineDeletion deletion;

    PipelineRoutes(Store store, TaskLimits limits, ConfigStore configs, PipelineDeletion deletion) {
        this.store = store;
        this.limits = limits;
        this.configs = configs;
        this.deletion = deletion;
    }

    void mount(ApiRouter router) {
        // a token sees only the namespaces it may read (the route itself lets in any namespace grant)
        router.get("/api/namespaces").handler(ctx -> {
            Caller caller = AccessCheck.caller(ctx);
            Replies.json(ctx, 200, store.namespaces().map(list -> new JsonObject().put("namespaces", array(
                    list.stream().filter(n -> caller.may(Action.READ, Target.namespace(n.id()))).toList(), ApiJson::namespace))));
        });
        router.get("/api/namespaces/:namespace_id").handler(ctx -> Replies.json(ctx, 200, namespace(ctx).map(n ->
                new JsonObject().put("namespace", ApiJson.namespace(n)))));
        router.get("/api/namespaces/:namespace_id/pipelines").handler(ctx -> {
            Caller caller = AccessCheck.caller(ctx);
            Replies.json(ctx, 200, namespace(ctx).compose(n -> store.pipelines(n.id())).map(list ->
                    new JsonObject().put("pipelines", array(list.stream()
                            .filter(p -> caller.may(Action.READ, Target.namespace(p.namespaceId()), Target.pipeline(p.pipelineId())))
                            .toList(), ApiJson::metadata))));
        });
        router.get("/api/namespaces/:namespace_id/pipelines/:pipeline_id").handler(ctx -> Replies.json(ctx, 200,
                pipelineExists(ctx).compose(v -> store.pipeline(Params.ns(ctx), Params.pipeline(ctx))).map(p ->
                        new JsonObject().put("pipeline", ApiJson.metadata(p.orElseThrow())))));
        // refused while runs are pending or running, unless force=true, which cancels them first
        router.delete("/api/namespaces/:namespace_id/pipelines/:pipeline_id").handler(ctx -> {
            boolean force = Params.flag(ctx, "force");
            Replies.empty(ctx, namespace(ctx).compose(n -> deletion.delete(n.id(), Params.pipeline(ctx), force)));
        });
        router.post("/api/namespaces/:namespace_id/pipelines/:pipeline_id/configs").handler(this::register);
        router.get("/api/namespaces/:namespace_id/pipelines/:pipeline_id/configs").handler(ctx -> Replies.json(ctx, 200,
                pipelineExists(ctx).compose(v -> store.configs(Params.ns(ctx), Params.pipeline(ctx))).map(list ->
                        new JsonObject().put("configs", array(list, ApiJson::config)))));
        router.get("/api/namespaces/:namespace_id/pipelines/:pipeline_id/configs/:version").handler(ctx -> {
            long version = Params.pathLong(ctx, "version");
            Replies.json(ctx, 200, pipelineExists(ctx)
                    .compose(v -> store.config(Params.ns(ctx), Params.pipeline(ctx), version))
                    .map(c -> new JsonObject().put("config", ApiJson.config(c.orElseThrow(() -> noVersion(ctx, version))))));
        });
        router.post("/api/namespaces/:namespace_id/pipelines/:pipeline_id/configs/:version").handler(this::deploy);
        router.delete("/api/namespaces/:namespace_id/pipelines/:pipeline_id/configs/:version").handler(ctx -> {
            long version = Params.pathLong(ctx, "version");
            if (version == 0) {
                throw GoferException.invalid("version: delete a specific version (1 or more); 0 means 'latest' only when reading");
            }
            Replies.empty(ctx, pipelineExists(ctx).compose(v -> configs.deleteConfig(Params.ns(ctx), Params.pipeline(ctx), version)));
        });
        router.get("/api/namespaces/:namespace_id/pipelines/:pipeline_id/deployments").handler(ctx -> Replies.json(ctx, 200,
                pipelineExists(ctx).compose(v -> configs.deployments(Params.ns(ctx), Params.pipeline(ctx))).map(list ->
                        new JsonObject().put("deployments", array(list, ApiJson::deployment)))));
        router.get("/api/namespaces/:namespace_id/pipelines/:pipeline_id/deployments/:deployment_id").handler(ctx -> {
            long id = Params.pathLong(ctx, "deployment_id");
            Replies.json(ctx, 200, pipelineExists(ctx)
                    .compose(v -> configs.deployment(Params.ns(ctx), Params.pipeline(ctx), id))
                    .compose(d -> found(d, "pipeline '" + Params.pipeline(ctx) + "' has no deployment " + id))
                    .map(d -> new JsonObject().put("deployment", ApiJson.deployment(d))));
        });
    }

    private void register(RoutingContext ctx) {
        String ns = Params.ns(ctx);
        PipelineConfig config = ConfigRequest.parse(ctx.body().asString(), Params.pipeline(ctx), limits);
        Replies.json(ctx, 201, namespace(ctx)
                .compose(n -> store.registerConfig(ns, config, System.currentTimeMillis()))
                .compose(version -> store.pipeline(ns, config.id()).map(meta -> new JsonObject().put("pipeline",
                        new JsonObject().put("metadata", ApiJson.metadata(meta.orElseThrow(() -> GoferException.notFound(
                                        "pipeline '" + config.id() + "' not found: namespace '" + ns + "' was deleted meanwhile"))))
                                .put("config", ApiJson.config(version))))));
    }

    private void deploy(RoutingContext ctx) {
        String ns = Params.ns(ctx);
        String id = Params.pipeline(ctx);
        long version = Params.pathLong(ctx, "version");
        if (version == 0) {
            throw GoferException.invalid("version: deploy a specific version (1 or more); 0 means 'latest' only when reading");
        }
        Replies.json(ctx, 201, pipelineExists(ctx)
                .compose(v -> store.config(ns, id, version))
                .compose(c -> c.isPresent() ? store.deploy(ns, id, version, System.currentTimeMillis())
                        : Future.failedFuture(noVersion(ctx, version)))
                .map(d -> new JsonObject().put("deployment", ApiJson.deployment(d))));
    }

    private Future<Namespace> namespace(RoutingContext ctx) {
        String ns = Params.ns(ctx);
        return store.namespace(ns).compose(n -> found(n, "namespace '" + ns + "' not found"));
    }

    private Future<Void> pipelineExists(RoutingContext ctx) {
        String ns = Params.ns(ctx);
        String id = Params.pipeline(ctx);
        return namespace(ctx).compose(n -> store.pipeline(ns, id))
                .compose(p -> found(p, "pipeline '" + id + "' not found in namespace '" + ns + "'")).mapEmpty();
    }

    static <T> Future<T> found(Optional<T> value, String message) {
        return value.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(GoferException.notFound(message)));
    }

    private static GoferException noVersion(RoutingContext ctx, long version) {
        return GoferException.notFound("pipeline '" + Params.pipeline(ctx) + "' has no config version " + version);
    }

    static <T> JsonArray array(List<T> items, Function<T, JsonObject> render) {
        JsonArray out = new JsonArray();
        items.forEach(i -> out.add(render.apply(i)));
        return out;
    }
}
