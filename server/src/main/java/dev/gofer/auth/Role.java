package dev.gofer.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** A named set of permissions. System roles are built in and cannot be changed or deleted. */
public record Role(String id, String description, List<Permission> permissions, boolean systemRole) {
    public static final String ADMIN = "admin";
    public static final String USER = "user";
    public static final String READ_ONLY = "read-only";

    private static final Set<Action> RWD = Set.of(Action.READ, Action.WRITE, Action.DELETE);
    private static final Set<Action> R = Set.of(Action.READ);

    public static final List<Role> SYSTEM = List.of(
            new Role(ADMIN, "Everything, including tokens, roles and namespaces.",
                    List.of(Permission.of(RWD, "all")), true),
            new Role(USER, "Runs the pipelines of every namespace: read, write and delete pipelines, configs,"
                    + " deployments, runs, task executions, objects, secrets, subscriptions; read events and system.",
                    List.of(Permission.of(RWD, "namespaces:.*", "pipelines:.*", "configs", "deployments", "runs",
                                    "task_executions", "objects", "secrets", "subscriptions", "events"),
                            Permission.of(R, "namespaces:.*", "pipelines:.*", "events", "system")), true),
            new Role(READ_ONLY, "Reads everything in every namespace except secrets, tokens and roles.",
                    List.of(Permission.of(R, "namespaces:.*", "pipelines:.*", "configs", "deployments", "runs",
                            "task_executions", "objects", "subscriptions", "events", "system", "extensions:.*")), true));

    public Role {
        permissions = List.copyOf(permissions);
    }

    /** Whether this one role grants {@code action} on every target (a role must cover a request on its own). */
    public boolean grantsAll(Action action, List<Target> targets) {
        for (Target t : targets) {
            if (permissions.stream().noneMatch(p -> p.grants(action, t))) {
                return false;
            }
        }
        return true;
    }

    public JsonObject toJson() {
        JsonArray perms = new JsonArray();
        permissions.forEach(p -> perms.add(p.toJson()));
        return new JsonObject().put("id", id).put("description", description).put("permissions", perms)
                .put("system_role", systemRole);
    }
}
