package dev.gofer.extension.sdk;

import java.util.Map;

/**
 * An HTTP call forwarded by Gofer.
 *
 * @param headers lower-case names
 * @param path    what followed {@code /api/external/<extension id>} ("" when nothing did)
 */
public record ExternalEvent(Map<String, String> headers, byte[] body, String path) {
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
