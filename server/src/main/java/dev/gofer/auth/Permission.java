package dev.gofer.auth;

import dev.gofer.model.GoferException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Resources × actions, as in the contract's {@code Permission}. A resource is {@code all}, a plain name
 * ({@code runs}) or a targeted one with a pattern ({@code namespaces:^team-a$}). Patterns are Java regular
 * expressions that must match the whole id (so {@code namespaces:team-a} does not also grant {@code team-ab}).
 */
public record Permission(List<String> resources, Set<Action> actions) {
    public static final List<String> RESOURCES = List.of("all", "configs", "deployments", "events", "extensions",
            "namespaces", "objects", "permissions", "pipelines", "runs", "secrets", "subscriptions", "system",
            "task_executions", "tokens");
    /** Resources that take a {@code :pattern}. */
    public static final List<String> TARGETED = List.of("extensions", "namespaces", "pipelines");

    public Permission {
        resources = List.copyOf(resources);
        actions = actions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(actions));
    }

    public static Permission of(Set<Action> actions, String... resources) {
        return new Permission(List.of(resources), actions);
    }

    /** Whether this permission grants {@code action} on {@code target}. */
    public boolean grants(Action action, Target target) {
        if (!actions.contains(action)) {
            return false;
        }
        for (String r : resources) {
            if (r.equals("all")) {
                return true;
            }
            int colon = r.indexOf(':');
            String name = colon < 0 ? r : r.substring(0, colon);
            if (!name.equals(target.resource())) {
                continue;
            }
            if (colon < 0 || target.id() == null) {
                return true; // untargeted grant, or a listing route
            }
            if (Pattern.compile(r.substring(colon + 1)).matcher(target.id()).matches()) {
                return true;
            }
        }
        return false;
    }

    public JsonObject toJson() {
        JsonArray acts = new JsonArray();
        for (Action a : Action.values()) {
            if (actions.contains(a)) {
                acts.add(a.wire());
            }
        }
        return new JsonObject().put("resources", new JsonArray(resources)).put("actions", acts);
    }

    /** Parses and checks one permission; {@code where} names it in errors, e.g. {@code permissions[0]}. */
    public static Permission fromJson(Object json, String where) {
        if (!(json instanceof JsonObject o)) {
            throw GoferException.invalid(where + ": must be an object {\"resources\": [...], \"actions\": [...]}");
        }
        if (!(o.getValue("resources") instanceof JsonArray res) || res.isEmpty()) {
            throw GoferException.invalid(where + ".resources: must be a non-empty list of resources, e.g. [\"runs\", \"namespaces:^team-a$\"]");
        }
        if (!(o.getValue("actions") instanceof JsonArray acts) || acts.isEmpty()) {
            throw GoferException.invalid(where + ".actions: must be a non-empty list of read, write, delete");
        }
        List<String> resources = new ArrayList<>();
        for (int i = 0; i < res.size(); i++) {
            resources.add(resource(res.getValue(i), where + ".resources[" + i + "]"));
        }
        Set<Action> actions = EnumSet.noneOf(Action.class);
        for (int i = 0; i < acts.size(); i++) {
            Action a = acts.getValue(i) instanceof String s ? Action.parse(s) : null;
            if (a == null) {
                throw GoferException.invalid(where + ".actions[" + i + "]: must be read, write or delete, got " + acts.getValue(i));
            }
            actions.add(a);
        }
        return new Permission(resources, actions);
    }

    private static String resource(Object value, String where) {
        if (!(value instanceof String s) || s.isBlank()) {
            throw GoferException.invalid(where + ": must be a resource name; one of " + RESOURCES);
        }
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        if (!RESOURCES.contains(name)) {
            throw GoferException.invalid(where + ": unknown resource '" + name + "'; one of " + RESOURCES);
        }
        if (colon >= 0) {
            if (!TARGETED.contains(name)) {
                throw GoferException.invalid(where + ": '" + name + "' takes no pattern; only " + TARGETED + " do");
            }
            try {
                Pattern.compile(s.substring(colon + 1));
            } catch (PatternSyntaxException e) {
                throw GoferException.invalid(where + ": '" + s.substring(colon + 1) + "' is not a valid regular expression: " + e.getDescription());
            }
        }
        return s;
    }
}
