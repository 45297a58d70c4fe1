package dev.gofer.auth;

import dev.gofer.model.RunKey;
import java.util.regex.Pattern;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** A named set of permissions. System roles are built in and cannot be changed or deleted. */
public record Role(String id, String description, List<Permission> permissions, boolean systemRole) {
    public static final String ADMIN = "admin";
    public static final String USER = "user";
    public static final String READ_ONLY = "read-only";
    /**
     * Held only by the token Gofer injects into one run's tasks ({@code inject_api_token}). As listed it grants
     * nothing: a token holding it is bound to its run ({@link Token#run()}) and acts with {@link #forRun}.
     * Nobody can give it to another token, and no custom role can take its id.
     */
    public static final String RUN_TOKEN = "run-token";
    /**
     * Held only by the key Gofer hands an extension container ({@code GOFER_EXTENSION_SYSTEM_KEY}), which is also an API
     * token: as listed it grants nothing; a token holding it is bound to its extension ({@link Token#extension()})
     * and acts with {@link #forExtension}. Revoked when that container stops.
     */
    public static final String EXTENSION_TOKEN = "extension-token";
    /** Roles only Gofer gives, to the tokens it mints itself; the API refuses them. */
    public static final Set<String> GIVEN_BY_GOFER = Set.of(RUN_TOKEN, EXTENSION_TOKEN);

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
                            "task_executions", "objects", "subscriptions", "events", "system", "extensions:.*")), true),
            new Role(RUN_TOKEN, "Only the token Gofer injects into a run's tasks (inject_api_token): read and write that"
                    + " run's objects and its pipeline's objects, read that run and its tasks; nothing else. Bound to one"
                    + " run when minted, revoked when the run ends; cannot be given to other tokens.", List.of(), true),
            new Role(EXTENSION_TOKEN, "Only the key Gofer hands an extension container: read that extension (and its"
                    + " logs) and its subscriptions, read and write its objects (its key-value store); nothing else. Minted per container"
                    + " start, revoked when the container stops; cannot be given to other tokens.", List.of(), true));

    /**
     * What a run's token may do: read/write objects and read runs and task executions, in its own namespace and
     * pipeline only (quoted: ids are literal, not patterns). {@link AccessCheck} narrows run routes to its own run.
     */
    public static Role forRun(RunKey run) {
        String ns = "namespaces:" + Pattern.quote(run.namespaceId());
        String pipeline = "pipelines:" + Pattern.quote(run.pipelineId());
        return new Role(RUN_TOKEN, "bound to run " + run, List.of(
                Permission.of(Set.of(Action.READ, Action.WRITE), ns, pipeline, "objects"),
                Permission.of(R, ns, pipeline, "runs", "task_executions")), true);
    }

    /**
     * What an extension's key may do on the REST API: read the extension, its logs and subscriptions, read/write/delete
     * its objects. {@link AccessCheck} keeps it to routes about this one extension.
     */
    public static Role forExtension(String extensionId) {
        String ext = "extensions:" + Pattern.quote(extensionId);
        return new Role(EXTENSION_TOKEN, "bound to extension " + extensionId, List.of(
                Permission.of(RWD, ext, "objects"),
                Permission.of(R, ext, "subscriptions")), true);
    }

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
