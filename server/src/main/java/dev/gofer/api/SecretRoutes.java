package dev.gofer.api;

import java.util.TreeSet;
import dev.gofer.model.GoferException;
import dev.gofer.secrets.Secrets;
import dev.gofer.secrets.Secrets.Found;
import dev.gofer.secrets.Secrets.Metadata;
import dev.gofer.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Pipeline and global secrets. Responses carry keys and metadata; a value only with {@code include_secret=true}. */
final class SecretRoutes {
    private static final String PIPELINE = "/api/namespaces/:namespace_id/pipelines/:pipeline_id/secrets";
    private static final String GLOBAL = "/api/secrets/global";

    private final Store store;
    private final Secrets secrets;

    SecretRoutes(Store store, Secrets secrets) {
        this.store = store;
        this.secrets = secrets;
    }

    void mount(ApiRouter router) {
        router.get(PIPELINE).handler(ctx -> Replies.json(ctx, 200, pipeline(ctx)
                .compose(v -> secrets.listPipeline(Params.ns(ctx), Params.pipeline(ctx)))
                .map(list -> new JsonObject().put("secrets", array(list)))));
        router.post(PIPELINE).handler(ctx -> {
            JsonObject body = body(ctx, Set.of("key", "content", "force"));
            Replies.json(ctx, 201, pipeline(ctx).compose(v -> secrets.putPipeline(Params.ns(ctx), Params.pipeline(ctx),
                            string(body, "key"), string(body, "content"), bool(body, "force")))
                    .map(m -> new JsonObject().put("secret", secret(m))));
        });
        router.get(PIPELINE + "/:key").handler(ctx -> {
            boolean reveal = Params.flag(ctx, "include_secret");
            Replies.json(ctx, 200, pipeline(ctx)
                    .compose(v -> secrets.getPipeline(Params.ns(ctx), Params.pipeline(ctx), ctx.pathParam("key"), reveal))
                    .map(SecretRoutes::found));
        });
        router.delete(PIPELINE + "/:key").handler(ctx -> Replies.empty(ctx, pipeline(ctx)
                .compose(v -> secrets.deletePipeline(Params.ns(ctx), Params.pipeline(ctx), ctx.pathParam("key")))));

        router.get(GLOBAL).handler(ctx -> Replies.json(ctx, 200, secrets.listGlobal()
                .map(list -> new JsonObject().put("secrets", array(list)))));
        router.post(GLOBAL).handler(ctx -> {
            JsonObject body = body(ctx, Set.of("key", "content", "force", "namespaces"));
            Replies.json(ctx, 201, secrets.putGlobal(string(body, "key"), string(body, "content"), namespaces(body),
                    bool(body, "force")).map(m -> new JsonObject().put("secret", secret(m))));
        });
        router.get(GLOBAL + "/:key").handler(ctx -> {
            boolean reveal = Params.flag(ctx, "include_secret");
            Replies.json(ctx, 200, secrets.getGlobal(ctx.pathParam("key"), reveal).map(SecretRoutes::found));
        });
        router.delete(GLOBAL + "/:key").handler(ctx -> Replies.empty(ctx, secrets.deleteGlobal(ctx.pathParam("key"))));
    }

    private Future<Void> pipeline(RoutingContext ctx) {
        String ns = Params.ns(ctx);
        String id = Params.pipeline(ctx);
        return store.pipeline(ns, id).compose(p -> PipelineRoutes.found(p,
                "pipeline '" + id + "' not found in namespace '" + ns + "'")).mapEmpty();
    }

    /** The request body as JSON with only the known fields. Error messages never quote the body (it holds the secret). */
    private static JsonObject body(RoutingContext ctx, Set<String> allowed) {
        JsonObject json;
        try {
            json = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw GoferException.invalid("request body is not a JSON object; expected fields " + new TreeSet<>(allowed));
        }
        if (json == null) {
            throw GoferException.invalid("request body is required; expected fields " + new TreeSet<>(allowed));
        }
        for (String field : json.fieldNames()) {
            if (!allowed.contains(field)) {
                throw GoferException.invalid("unknown field '" + field + "'; allowed: " + new TreeSet<>(allowed));
            }
        }
        return json;
    }

    private static String string(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (!(v instanceof String s)) {
            throw GoferException.invalid(field + ": required, a string");
        }
        return s;
    }

    private static boolean bool(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return false;
        }
        if (!(v instanceof Boolean b)) {
            throw GoferException.invalid(field + ": must be true or false");
        }
        return b;
    }

    private static List<String> namespaces(JsonObject body) {
        Object v = body.getValue("namespaces");
        if (!(v instanceof JsonArray array) || array.isEmpty()) {
            throw GoferException.invalid("namespaces: required, a non-empty list of regular expressions matched against"
                    + " the whole namespace id (e.g. [\".*\"] for every namespace)");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof String s)) {
                throw GoferException.invalid("namespaces[" + i + "]: must be a string");
            }
            out.add(s);
        }
        return out;
    }

    private static JsonArray array(List<Metadata> list) {
        JsonArray out = new JsonArray();
        list.forEach(m -> out.add(secret(m)));
        return out;
    }

    static JsonObject secret(Metadata m) {
        return new JsonObject().put("key", m.key()).put("namespaces", new JsonArray(m.namespaces())).put("created", m.created());
    }

    private static JsonObject found(Found f) {
        return new JsonObject().put("metadata", secret(f.metadata())).put("secret", f.value().orElse(null));
    }
}
