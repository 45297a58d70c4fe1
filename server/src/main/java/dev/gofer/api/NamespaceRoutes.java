package dev.gofer.api;

import dev.gofer.auth.AccessCheck;
import dev.gofer.auth.Action;
import dev.gofer.auth.Target;
import dev.gofer.logs.LogStore;
import dev.gofer.model.GoferException;
import dev.gofer.model.Namespace;
import dev.gofer.model.PipelineMetadata;
import dev.gofer.model.Run;
import dev.gofer.sdk.config.PipelineConfigValidator;
import dev.gofer.store.NamespaceStore;
import dev.gofer.store.Store;
import dev.gofer.runs.Runs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creating, renaming and deleting namespaces; enabling and disabling pipelines. */
final class NamespaceRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceRoutes.class);
    private final Vertx vertx;
    private final Store store;
    private final NamespaceStore namespaces;
    private final LogStore logs;
    private final Runs runs;

    NamespaceRoutes(Vertx vertx, Store store, NamespaceStore namespaces, LogStore logs, Runs runs) {
        this.vertx = vertx;
        this.runs = runs;
        this.store = store;
        this.namespaces = namespaces;
        this.logs = logs;
    }

    void mount(ApiRouter router) {
        router.post("/api/namespaces").handler(this::create);
        router.patch("/api/namespaces/:namespace_id").handler(ctx -> {
            JsonObject body = TokenRoutes.body(ctx);
            String name = optionalText(body, "name", 100);
            String description = optionalText(body, "description", 1000);
            String id = Params.ns(ctx);
            Replies.json(ctx, 200, namespaces.update(id, name, description, System.currentTimeMillis())
                    .compose(n -> PipelineRoutes.found(n, "namespace '" + id + "' not found"))
                    .map(n -> new JsonObject().put("namespace", ApiJson.namespace(n))));
        });
        router.delete("/api/namespaces/:namespace_id").handler(this::delete);
        router.patch("/api/namespaces/:namespace_id/pipelines/:pipeline_id").handler(ctx -> {
            JsonObject body = TokenRoutes.body(ctx);
            Object state = body.getValue("state");
            if (!PipelineMetadata.ACTIVE.equals(state) && !PipelineMetadata.DISABLED.equals(state)) {
                throw GoferException.invalid("state: must be \"active\" or \"disabled\", got " + state);
            }
            String ns = Params.ns(ctx);
            String id = Params.pipeline(ctx);
            Replies.empty(ctx, namespaces.setPipelineState(ns, id, (String) state, System.currentTimeMillis())
                    .compose(found -> found ? Future.succeededFuture()
                            : Future.failedFuture(GoferException.notFound("pipeline '" + id + "' not found in namespace '" + ns + "'"))));
        });
    }

    private void create(RoutingContext ctx) {
        JsonObject body = TokenRoutes.body(ctx);
        Object idValue = body.getValue("id");
        if (!(idValue instanceof String id) || !PipelineConfigValidator.ID.matcher(id).matches() || id.length() > PipelineConfigValidator.ID_MAX) {
            throw GoferException.invalid("id: must be lowercase letters, digits and hyphens, starting with a letter or digit, at most "
                    + PipelineConfigValidator.ID_MAX + " characters; got " + idValue);
        }
        AccessCheck.require(AccessCheck.caller(ctx), Action.WRITE, Target.namespace(id));
        String name = optionalText(body, "name", 100);
        String description = optionalText(body, "description", 1000);
        Namespace ns = new Namespace(id, name == null || name.isBlank() ? id : name, description == null ? "" : description,
                System.currentTimeMillis(), 0);
        Replies.json(ctx, 201, namespaces.create(ns).map(n -> new JsonObject().put("namespace", ApiJson.namespace(n))));
    }

    /** Cancels the namespace's unfinished runs (their containers are stopped), then deletes it, its rows and its logs. */
    private void delete(RoutingContext ctx) {
        String id = Params.ns(ctx);
        if (Namespace.DEFAULT.equals(id)) {
            throw GoferException.invalid("the default namespace cannot be deleted (clients use it when no namespace is given)");
        }
        Replies.empty(ctx, store.namespace(id)
                .compose(n -> PipelineRoutes.found(n, "namespace '" + id + "' not found"))
                .compose(n -> store.unfinishedRuns())
                .compose(runs -> {
                    List<Future<?>> cancels = new ArrayList<>();
                    for (Run r : runs) {
                        if (r.key().namespaceId().equals(id)) {
                            cancels.add(this.runs.cancel(r.key())
                                    .recover(e -> Future.succeededFuture()));
                        }
                    }
                    return Future.join(cancels);
                })
                .compose(v -> namespaces.delete(id))
                .compose(v -> vertx.fileSystem().exists(logs.namespaceDir(id).toString()))
                .compose(exists -> exists ? vertx.fileSystem().deleteRecursive(logs.namespaceDir(id).toString())
                        .onFailure(e -> LOG.warn("namespace {} deleted, but not all of its logs: {}", id, e.getMessage()))
                        .recover(e -> Future.succeededFuture()) : Future.succeededFuture()));
    }

    private static String optionalText(JsonObject body, String field, int max) {
        Object v = body.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s) || s.length() > max) {
            throw GoferException.invalid(field + ": must be a string of at most " + max + " characters");
        }
        return s;
    }
}
