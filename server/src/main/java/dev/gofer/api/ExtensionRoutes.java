package dev.gofer.api;

import java.util.regex.Pattern;
import dev.gofer.extensions.ExtensionRegistration;
import dev.gofer.extensions.ExtensionSubscription;
import dev.gofer.extensions.Extensions;
import dev.gofer.extensions.ExtensionView;
import dev.gofer.model.GoferException;
import dev.gofer.sdk.config.RegistryAuth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Extensions ({@code /api/extensions}), pipeline subscriptions ({@code .../pipelines/:id/subscriptions}) and
 * external events ({@code POST /api/external/:extension_id}), all handed to the extension supervisor through
 * {@link Extensions}.
 */
final class ExtensionRoutes {
    private static final String SUBS = "/api/namespaces/:namespace_id/pipelines/:pipeline_id/subscriptions";
    private static final long FOLLOW_POLL_MS = 250;

    private final Vertx vertx;
    private final Extensions extensions;

    ExtensionRoutes(Vertx vertx, Extensions extensions) {
        this.vertx = vertx;
        this.extensions = extensions;
    }

    void mount(ApiRouter router) {
        router.post("/api/extensions").handler(this::install);
        router.get("/api/extensions").handler(ctx -> Replies.json(ctx, 200, extensions.list().map(list ->
                new JsonObject().put("extensions", PipelineRoutes.array(list, ExtensionRoutes::extension)))));
        router.get("/api/extensions/:extension_id").handler(ctx -> Replies.json(ctx, 200, extensions.get(id(ctx)).map(e ->
                new JsonObject().put("extension", extension(e)))));
        router.patch("/api/extensions/:extension_id").handler(ctx -> {
            JsonObject body = body(ctx);
            if (!(body.getValue("enable") instanceof Boolean enable)) {
                throw GoferException.invalid("enable: required, true or false");
            }
            Replies.empty(ctx, extensions.setEnabled(id(ctx), enable));
        });
        router.delete("/api/extensions/:extension_id").handler(ctx -> Replies.empty(ctx, extensions.uninstall(id(ctx))));
        router.get("/api/extensions/:extension_id/logs").handler(this::logs);
        router.get("/api/extensions/:extension_id/debug").handler(ctx -> Replies.json(ctx, 200,
                extensions.debug(id(ctx)).map(ExtensionDebugJson::of)));
        router.get("/api/extensions/:extension_id/subscriptions").handler(ctx -> Replies.json(ctx, 200,
                extensions.subscriptionsOf(id(ctx)).map(list ->
                        new JsonObject().put("subscriptions", PipelineRoutes.array(list, ExtensionRoutes::subscription)))));

        router.post(SUBS).handler(this::subscribe);
        router.get(SUBS).handler(ctx -> Replies.json(ctx, 200,
                extensions.subscriptionsOfPipeline(Params.ns(ctx), Params.pipeline(ctx)).map(list ->
                        new JsonObject().put("subscriptions", PipelineRoutes.array(list, ExtensionRoutes::subscription)))));
        router.get(SUBS + "/:extension_id/:subscription_id").handler(ctx -> Replies.json(ctx, 200,
                extensions.subscription(Params.ns(ctx), Params.pipeline(ctx), id(ctx), ctx.pathParam("subscription_id"))
                        .map(s -> new JsonObject().put("subscription", subscription(s)))));
        router.delete(SUBS + "/:extension_id/:subscription_id").handler(ctx -> Replies.empty(ctx,
                extensions.unsubscribe(Params.ns(ctx), Params.pipeline(ctx), id(ctx), ctx.pathParam("subscription_id"))));
        router.patch(SUBS + "/:extension_id/:subscription_id").handler(ctx -> {
            Object status = body(ctx).getValue("status");
            if (!(status instanceof String s)) {
                throw GoferException.invalid("status: required, active or disabled");
            }
            Replies.empty(ctx, extensions.setSubscriptionStatus(Params.ns(ctx), Params.pipeline(ctx), id(ctx),
                    ctx.pathParam("subscription_id"), s));
        });

        router.post("/api/external/:extension_id").handler(ctx -> external(ctx, ""));
        router.post("/api/external/:extension_id/*").handler(ctx -> external(ctx, ctx.pathParam("*")));
    }

    private static String id(RoutingContext ctx) {
        return ctx.pathParam("extension_id");
    }

    private void install(RoutingContext ctx) {
        JsonObject body = body(ctx);
        RegistryAuth auth = null;
        if (body.getValue("registry_auth") instanceof JsonObject a) {
            auth = new RegistryAuth(a.getString("user"), a.getString("pass"));
        }
        Map<String, String> settings = stringMap(body, "settings");
        Replies.json(ctx, 201, extensions.install(stringOrNull(body, "id"), stringOrNull(body, "image"), auth, settings)
                .map(e -> new JsonObject().put("extension", extension(e))));
    }

    private void subscribe(RoutingContext ctx) {
        JsonObject body = body(ctx);
        Replies.json(ctx, 201, extensions.subscribe(Params.ns(ctx), Params.pipeline(ctx), stringOrNull(body, "extension_id"),
                stringOrNull(body, "subscription_id"), stringMap(body, "settings"))
                .map(s -> new JsonObject().put("subscription", subscription(s))));
    }

    private void external(RoutingContext ctx, String path) {
        Map<String, String> headers = new LinkedHashMap<>();
        ctx.request().headers().names().forEach(name ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", ctx.request().headers().getAll(name))));
        Buffer body = ctx.body().buffer();
        extensions.externalEvent(id(ctx), headers, body == null ? new byte[0] : body.getBytes(), path == null ? "" : path)
                .onSuccess(r -> ctx.response().setStatusCode(200).putHeader("content-type", "application/json")
                        .end(new JsonObject().put("message", r.message()).put("runs", new JsonArray(r.runs())).encode()))
                .onFailure(ctx::fail);
    }

    /** Plain text; with follow=true the response stays open and carries new output until the extension is uninstalled. */
    private void logs(RoutingContext ctx) {
        boolean follow = Params.flag(ctx, "follow");
        String id = id(ctx);
        extensions.logFile(id).onSuccess(path -> {
            HttpServerResponse response = ctx.response().putHeader("content-type", "text/plain; charset=utf-8");
            String file = path.toString();
            if (!follow) {
                vertx.fileSystem().exists(file).compose(exists -> exists ? response.sendFile(file) : response.end())
                        .onFailure(ctx::fail);
                return;
            }
            response.setChunked(true);
            long[] sent = {0};
            boolean[] busy = {false};
            long timer = vertx.setPeriodic(0, FOLLOW_POLL_MS, t -> {
                if (busy[0]) {
                    return;
                }
                busy[0] = true;
                extensions.installed(id).compose(installed -> sendNew(file, sent, response).map(installed)).onComplete(ar -> {
                    busy[0] = false;
                    if (ar.failed() || !ar.result()) {
                        vertx.cancelTimer(t);
                        if (!response.ended()) {
                            response.end();
                        }
                    }
                });
            });
            response.closeHandler(v -> vertx.cancelTimer(timer));
        }).onFailure(ctx::fail);
    }

    private Future<Void> sendNew(String file, long[] sent, HttpServerResponse response) {
        return vertx.fileSystem().exists(file).compose(exists -> !exists ? Future.succeededFuture()
                : vertx.fileSystem().props(file).compose(props -> {
                    long size = props.size();
                    if (size <= sent[0] || response.ended()) {
                        return Future.succeededFuture();
                    }
                    return vertx.fileSystem().open(file, new OpenOptions().setRead(true).setWrite(false)).compose(f -> {
                        f.setReadPos(sent[0]);
                        f.setReadLength(size - sent[0]);
                        sent[0] = size;
                        return f.pipe().endOnComplete(false).to(response).eventually(f::close);
                    });
                }));
    }

    // ---- JSON

    static JsonObject extension(ExtensionView e) {
        ExtensionRegistration r = e.registration();
        JsonArray settings = new JsonArray();
        r.settings().forEach((k, v) -> settings.add(new JsonObject().put("key", k).put("value", v).put("source", "system")));
        JsonObject registration = new JsonObject().put("extension_id", r.extensionId()).put("image", r.image())
                .put("settings", settings).put("created", r.created()).put("modified", r.modified()).put("status", r.status())
                .put("additional_roles", new JsonArray())
                // the password never leaves the server
                .put("registry_auth", r.registryAuth() == null ? null
                        : new JsonObject().put("user", r.registryAuth().user()).put("pass", "********"));
        JsonObject documentation = e.documentation().isEmpty()
                ? new JsonObject().put("body", "").put("config_params", new JsonArray()).put("pipeline_subscription_params", new JsonArray())
                : e.documentation();
        return new JsonObject().put("registration", registration).put("url", e.url()).put("started", e.started())
                .put("state", e.state().wire()).put("documentation", documentation)
                .put("last_error", e.lastError()).put("restarts", e.restarts());
    }

    static JsonObject subscription(ExtensionSubscription s) {
        return new JsonObject().put("namespace_id", s.namespaceId()).put("pipeline_id", s.pipelineId())
                .put("extension_id", s.extensionId()).put("subscription_id", s.subscriptionId())
                .put("settings", masked(s.settings())).put("status", s.status())
                .put("status_reason", s.reason() == null ? null
                        : new JsonObject().put("reason", s.reason().reason()).put("description", s.reason().description()));
    }

    /**
     * Subscription settings may hold secrets (a webhook's HMAC key): values of settings whose name says so
     * (secret, token, password, key) are never sent back.
     */
    static JsonObject masked(Map<String, String> settings) {
        JsonObject out = new JsonObject();
        settings.forEach((k, v) -> out.put(k, SECRET_NAME.matcher(k).find() ? "********" : v));
        return out;
    }

    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i)secret|token|password|passwd|key");

    private static JsonObject body(RoutingContext ctx) {
        String text = ctx.body().asString();
        if (text == null || text.isBlank()) {
            return new JsonObject();
        }
        try {
            return new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw GoferException.invalid("request body is not a JSON object: " + e.getMessage());
        }
    }

    private static String stringOrNull(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v != null && !(v instanceof String)) {
            throw GoferException.invalid(field + ": must be a string");
        }
        return (String) v;
    }

    private static Map<String, String> stringMap(JsonObject body, String field) {
        Object v = body.getValue(field);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof JsonObject map)) {
            throw GoferException.invalid(field + ": must be an object of string values, e.g. {\"every\": \"5m\"}");
        }
        for (String key : map.fieldNames()) {
            if (!(map.getValue(key) instanceof String s)) {
                throw GoferException.invalid(field + "." + key + ": must be a string");
            }
            out.put(key, s);
        }
        return out;
    }
}
