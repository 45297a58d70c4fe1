package dev.gofer.proto;

import io.vertx.core.net.SocketAddress;
import java.util.Locale;
import java.util.Map;

/**
 * The environment Gofer gives every extension container, written by the server and read by the extension SDK:
 * the names and the port live here only, so the two sides cannot drift apart.
 *
 * <p>Gofer's own variables carry Gofer 0.9.1's prefix {@code GOFER_EXTENSION_SYSTEM_}; install settings carry
 * {@code GOFER_EXTENSION_SETTING_}. Neither prefix is used by a server setting's env var ({@code GOFER_EXTENSION_PORT},
 * {@code GOFER_EXTENSION_HOST} are the server's), and {@code GOFER_HOST} stays the CLI's API URL.
 */
public final class ExtensionEnvironment {
    public static final String SYSTEM_PREFIX = "GOFER_EXTENSION_SYSTEM_";
    /** The id the extension was installed under. */
    public static final String ID = SYSTEM_PREFIX + "ID";
    /**
     * The key minted for this container start: every gRPC call in both directions carries it
     * ({@link KeyedGrpc#KEY_HEADER}), and it is the extension's API token. Gofer 0.9.1 named it {@code _SECRET}.
     */
    public static final String KEY = SYSTEM_PREFIX + "KEY";
    /** {@code host:port} of Gofer's {@code ExtensionHost} gRPC service (server settings extension_host, extension_port). */
    public static final String GOFER_HOST = SYSTEM_PREFIX + "GOFER_HOST";
    /** {@code host:port} the extension serves {@code Extension} on; {@link #DEFAULT_BIND_ADDRESS} when unset. */
    public static final String BIND_ADDRESS = SYSTEM_PREFIX + "BIND_ADDRESS";
    /** Gofer's REST API as containers reach it; tasks with inject_api_token get the same variable, same meaning. */
    public static final String API_URL = "GOFER_API_URL";
    /** Each install setting {@code k} arrives as {@code GOFER_EXTENSION_SETTING_K} (and in {@code Init}). */
    public static final String SETTING_PREFIX = "GOFER_EXTENSION_SETTING_";

    /** The port an extension container serves {@code Extension} on, and the one Gofer calls. */
    public static final int PORT = 8082;
    public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0:" + PORT;

    private ExtensionEnvironment() {
    }

    /** The variable an install setting is handed over in. */
    public static String settingVariable(String settingKey) {
        return SETTING_PREFIX + settingKey.toUpperCase(Locale.ROOT);
    }

    /** Gofer's variables for one container start (install settings are added separately, and never override these). */
    public static Map<String, String> system(String extensionId, String key, String goferHost, String apiUrl) {
        return Map.of(ID, extensionId, KEY, key, GOFER_HOST, goferHost, BIND_ADDRESS, DEFAULT_BIND_ADDRESS, API_URL, apiUrl);
    }

    /** Reads a {@code host:port} variable; the message names the variable and shows the form expected. */
    public static SocketAddress hostPort(String variable, String value) {
        int colon = value.lastIndexOf(':');
        int port = -1;
        if (colon > 0) {
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(variable + " must be host:port such as 172.17.0.1:8081, got '" + value + "'");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // [::1]:8081
        }
        return SocketAddress.inetSocketAddress(port, host);
    }
}
