package dev.gofer.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** An API token as stored: only the SHA-256 hash of its secret, never the secret. Times in epoch ms; expires 0 = never. */
public record Token(String id, String hash, long created, long expires, boolean disabled, String user,
                    List<String> roles, Map<String, String> metadata) {
    public Token {
        roles = List.copyOf(roles);
        metadata = Map.copyOf(metadata);
    }

    public boolean expiredAt(long now) {
        return expires != 0 && now >= expires;
    }

    /** The contract's {@code Token}: the hash is never sent. */
    public JsonObject toJson() {
        JsonObject meta = new JsonObject();
        metadata.forEach(meta::put);
        return new JsonObject().put("id", id).put("created", created).put("expires", expires).put("disabled", disabled)
                .put("user", user).put("roles", new JsonArray(roles)).put("metadata", meta);
    }
}
