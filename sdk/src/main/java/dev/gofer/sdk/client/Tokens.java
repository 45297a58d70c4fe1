package dev.gofer.sdk.client;

import static dev.gofer.sdk.client.Transport.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** API tokens: {@code /api/tokens}. */
public final class Tokens {
    private final Transport t;

    Tokens(Transport transport) {
        this.t = transport;
    }

    /** The one-time root token: {@code {"secret", "token_details": Token}}; 409 once issued. */
    public JsonNode bootstrap() {
        return t.send("POST", "/api/tokens/bootstrap", null);
    }

    /** {@code expiresSeconds} 0 = never. Returns {@code {"secret", "token_details": Token}}. */
    public JsonNode create(String user, List<String> roles, long expiresSeconds, Map<String, String> metadata) {
        ObjectNode body = t.object().put("user", user).put("expires", expiresSeconds);
        Transport.putList(body, "roles", roles);
        Transport.putMap(body, "metadata", metadata);
        return t.send("POST", "/api/tokens", body);
    }

    public JsonNode list() {
        return t.send("GET", "/api/tokens", null);
    }

    public JsonNode get(String id) {
        return t.send("GET", "/api/tokens/" + segment(id), null);
    }

    /** The token this client sends. */
    public JsonNode whoami() {
        return t.send("GET", "/api/tokens/whoami", null);
    }

    public void setDisabled(String id, boolean disabled) {
        t.send("PATCH", "/api/tokens/" + segment(id), t.object().put("disabled", disabled));
    }

    public void delete(String id) {
        t.send("DELETE", "/api/tokens/" + segment(id), null);
    }
}
