package dev.gofer.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Makes custom roles and tokens through the API, as the root token. */
final class Tokens {
    private Tokens() {
    }

    record Issued(String roleId, String tokenId, String secret) {
    }

    static JsonObject permission(String actions, String... resources) {
        return new JsonObject().put("resources", new JsonArray(java.util.List.of(resources)))
                .put("actions", new JsonArray(java.util.List.of(actions.split(","))));
    }

    /** A new role with these permissions and a token holding only that role. */
    static Issued withRole(GoferTestServer root, String roleId, JsonObject... permissions) {
        JsonArray perms = new JsonArray();
        for (JsonObject p : permissions) {
            perms.add(p);
        }
        GoferTestServer.Response role = root.post("/api/roles", new JsonObject().put("id", roleId)
                .put("description", "test role").put("permissions", perms).encode());
        if (role.status() != 201) {
            throw new AssertionError("creating role " + roleId + " failed: " + role);
        }
        return token(root, roleId, 0);
    }

    static Issued token(GoferTestServer root, String roleId, long expiresSeconds) {
        GoferTestServer.Response res = root.post("/api/tokens", new JsonObject().put("user", "user-of-" + roleId)
                .put("roles", new JsonArray().add(roleId)).put("expires", expiresSeconds).encode());
        if (res.status() != 201) {
            throw new AssertionError("creating a token with role " + roleId + " failed: " + res);
        }
        JsonObject body = res.json();
        return new Issued(roleId, body.getJsonObject("token_details").getString("id"), body.getString("secret"));
    }
}
