package dev.gofer.api;

import dev.gofer.auth.AuthStore;
import dev.gofer.auth.Permission;
import dev.gofer.auth.Role;
import dev.gofer.model.GoferException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Roles: the system roles plus custom ones made of permissions. Changing roles is for admins (see RouteTable). */
final class RoleRoutes {
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private final AuthStore auth;

    RoleRoutes(AuthStore auth) {
        this.auth = auth;
    }

    void mount(ApiRouter router) {
        router.get("/api/roles").handler(ctx -> Replies.json(ctx, 200, auth.roles().map(list -> {
            JsonArray out = new JsonArray();
            list.forEach(r -> out.add(r.toJson()));
            return new JsonObject().put("roles", out);
        })));
        router.get("/api/roles/:role_id").handler(ctx -> Replies.json(ctx, 200, find(ctx).map(r -> new JsonObject().put("role", r.toJson()))));
        router.post("/api/roles").handler(ctx -> {
            JsonObject body = TokenRoutes.body(ctx);
            if (!(body.getValue("id") instanceof String id) || !ID.matcher(id).matches()) {
                throw GoferException.invalid("id: must be lowercase letters, digits and hyphens (1-63, starting with a letter or digit), got "
                        + body.getValue("id"));
            }
            Role role = new Role(id, description(body.getValue("description", "")), permissions(body.getValue("permissions")), false);
            Replies.json(ctx, 201, auth.createRole(role).map(v -> new JsonObject().put("role", role.toJson())));
        });
        router.patch("/api/roles/:role_id").handler(ctx -> {
            JsonObject body = TokenRoutes.body(ctx);
            Replies.json(ctx, 200, find(ctx).compose(old -> {
                if (old.systemRole()) {
                    return Future.failedFuture(GoferException.invalid("role '" + old.id() + "' is a system role and cannot be changed; create a custom role"));
                }
                Role updated = new Role(old.id(),
                        body.getValue("description") == null ? old.description() : description(body.getValue("description")),
                        body.getValue("permissions") == null ? old.permissions() : permissions(body.getValue("permissions")), false);
                return auth.updateRole(updated).map(v -> new JsonObject().put("role", updated.toJson()));
            }));
        });
        router.delete("/api/roles/:role_id").handler(ctx -> Replies.empty(ctx, find(ctx).compose(old -> old.systemRole()
                ? Future.failedFuture(GoferException.invalid("role '" + old.id() + "' is a system role and cannot be deleted"))
                : auth.deleteRole(old.id()))));
    }

    private Future<Role> find(RoutingContext ctx) {
        String id = ctx.pathParam("role_id");
        return auth.role(id).compose(r -> PipelineRoutes.found(r, "role '" + id + "' not found"));
    }

    private static String description(Object value) {
        if (!(value instanceof String s) || s.length() > 1000) {
            throw GoferException.invalid("description: must be a string of at most 1000 characters");
        }
        return s;
    }

    private static List<Permission> permissions(Object value) {
        if (!(value instanceof JsonArray arr) || arr.isEmpty()) {
            throw GoferException.invalid("permissions: must be a non-empty list of {\"resources\": [...], \"actions\": [...]}");
        }
        List<Permission> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            out.add(Permission.fromJson(arr.getValue(i), "permissions[" + i + "]"));
        }
        return out;
    }
}
