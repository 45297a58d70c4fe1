package dev.gofer.api;

import dev.gofer.extensions.ExtensionDebug;
import dev.gofer.extensions.ExtensionSubscription;
import dev.gofer.extensions.ExtensionView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The body of {@code GET /api/extensions/{id}/debug}: the contract's {@code DebugResponse} ({@code info}, a text for
 * people) plus the same facts as fields. No settings (install or subscription: they may hold secrets) and never the
 * extension's key.
 */
final class ExtensionDebugJson {
    private ExtensionDebugJson() {
    }

    static JsonObject of(ExtensionDebug debug) {
        ExtensionView v = debug.view();
        JsonArray subscriptions = new JsonArray();
        for (ExtensionSubscription s : debug.subscriptions()) {
            subscriptions.add(new JsonObject().put("namespace_id", s.namespaceId()).put("pipeline_id", s.pipelineId())
                    .put("subscription_id", s.subscriptionId()).put("status", s.status())
                    .put("status_reason", s.reason() == null ? null
                            : new JsonObject().put("reason", s.reason().reason()).put("description", s.reason().description())));
        }
        return new JsonObject().put("info", info(debug)).put("extension_id", v.registration().extensionId())
                .put("image", v.registration().image()).put("status", v.registration().status()).put("state", v.state().wire())
                .put("url", v.url()).put("started", v.started()).put("restarts", v.restarts()).put("last_error", v.lastError())
                .put("container_id", debug.containerId()).put("subscriptions", subscriptions);
    }

    private static String info(ExtensionDebug debug) {
        ExtensionView v = debug.view();
        StringBuilder out = new StringBuilder("extension ").append(v.registration().extensionId()).append(" (image ")
                .append(v.registration().image()).append(", ").append(v.registration().status()).append(") is ")
                .append(v.state().wire());
        if (debug.containerId() != null) {
            out.append(" in container ").append(debug.containerId());
        }
        if (!v.url().isEmpty()) {
            out.append(" at ").append(v.url());
        }
        if (v.started() > 0) {
            out.append(", started ").append(Instant.ofEpochMilli(v.started()));
        }
        out.append("; restarted ").append(v.restarts()).append(" times since this server started; last error: ")
                .append(v.lastError() == null ? "none" : v.lastError()).append("; ")
                .append(debug.subscriptions().size()).append(" subscription(s)");
        for (ExtensionSubscription s : debug.subscriptions()) {
            out.append("\n  ").append(s.namespaceId()).append('/').append(s.pipelineId()).append(' ').append(s.subscriptionId())
                    .append(": ").append(s.status());
            if (s.reason() != null) {
                out.append(" (").append(s.reason().reason()).append(": ").append(s.reason().description()).append(')');
            }
        }
        return out.toString();
    }
}
