package dev.gofer.extensions;

import io.vertx.core.json.JsonObject;

/**
 * The runtime view of one installed extension (the contract's Extension, plus supervision details).
 *
 * @param documentation what the extension's Info said (body, config_params, pipeline_subscription_params); empty until it answered
 * @param lastError     why it last stopped or failed to start; null while healthy
 * @param restarts      how many times supervision restarted it since this server started
 */
public record ExtensionView(ExtensionRegistration registration, String url, long started, ExtensionState state,
                            JsonObject documentation, String lastError, int restarts) {
}
