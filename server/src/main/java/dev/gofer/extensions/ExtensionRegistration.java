package dev.gofer.extensions;

import dev.gofer.sdk.config.RegistryAuth;
import java.util.Map;

/**
 * An installed extension, as stored: enough to start it again at every server start.
 *
 * @param settings install settings (handed to the extension's Init and as GOFER_EXTENSION_SETTING_* env vars)
 * @param status   {@link #ENABLED} or {@link #DISABLED}; a disabled extension is not running
 */
public record ExtensionRegistration(String extensionId, String image, RegistryAuth registryAuth, Map<String, String> settings,
                                    String status, long created, long modified) {
    public static final String ENABLED = "enabled";
    public static final String DISABLED = "disabled";

    public boolean enabled() {
        return ENABLED.equals(status);
    }

    public ExtensionRegistration withStatus(String newStatus, long now) {
        return new ExtensionRegistration(extensionId, image, registryAuth, settings, newStatus, created, now);
    }
}
