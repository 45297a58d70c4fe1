package dev.gofer.api;

import dev.gofer.model.GoferException;
import dev.gofer.store.SystemPreferences;
import io.vertx.core.json.JsonObject;

/**
 * {@code GET|PATCH /api/system}: the contract's system preferences. {@code ignore_pipeline_run_events} makes
 * Gofer refuse runs that extensions start (users still start runs), e.g. while a pipeline's target is down.
 */
final class SystemRoutes {
    private static final String IGNORE = "ignore_pipeline_run_events";
    private final SystemPreferences preferences;

    SystemRoutes(SystemPreferences preferences) {
        this.preferences = preferences;
    }

    void mount(ApiRouter router) {
        router.get("/api/system").handler(ctx -> Replies.json(ctx, 200, preferences.get().map(SystemRoutes::json)));
        router.patch("/api/system").handler(ctx -> {
            JsonObject body = TokenRoutes.body(ctx);
            for (String field : body.fieldNames()) {
                if (!IGNORE.equals(field)) {
                    throw GoferException.invalid(field + ": unknown system preference; the one that can be changed is " + IGNORE);
                }
            }
            Object value = body.getValue(IGNORE);
            if (value == null) {
                // the contract's field is nullable: nothing to change
                Replies.json(ctx, 200, preferences.get().map(SystemRoutes::json));
                return;
            }
            if (!(value instanceof Boolean ignore)) {
                throw GoferException.invalid(IGNORE + ": must be true or false, got " + value);
            }
            Replies.json(ctx, 200, preferences.setIgnorePipelineRunEvents(ignore, System.currentTimeMillis()).map(SystemRoutes::json));
        });
    }

    static JsonObject json(SystemPreferences.Values v) {
        return new JsonObject().put("bootstrap_token_created", v.bootstrapTokenCreated()).put(IGNORE, v.ignorePipelineRunEvents());
    }
}
