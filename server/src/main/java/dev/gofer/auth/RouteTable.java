package dev.gofer.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * THE table of what every API route needs. Each /api route is mounted with the access check of its rule here
 * (ApiRouter), so the check decides on the route the router matched; a route with no entry cannot be mounted
 * (the server does not start), and RoutePermissionsTest walks the router's real routes against this table.
 */
public final class RouteTable {
    public enum Access {
        /** No token needed. */
        PUBLIC,
        /** Any valid token. */
        AUTHENTICATED,
        /** A role of the token must grant {@code action} on every target. */
        PERMISSION,
        /** The permission, and the admin role (changes that could raise privileges). */
        ADMIN
    }

    /** {@code pathParam} names the path parameter holding the id of a targeted resource (null = none/listing). */
    public record Resource(String resource, String pathParam) {
    }

    public record Need(Access access, Action action, List<Resource> resources) {
        public List<Target> targets(Map<String, String> params) {
            List<Target> out = new ArrayList<>();
            for (Resource r : resources) {
                out.add(new Target(r.resource(), r.pathParam() == null ? null : params.get(r.pathParam())));
            }
            return out;
        }
    }

    public record Rule(String method, String path, Need need) {
    }

    private static final Resource NS = new Resource("namespaces", "namespace_id");
    private static final Resource NS_LIST = new Resource("namespaces", null);
    private static final Resource PIPE = new Resource("pipelines", "pipeline_id");
    private static final Resource PIPE_LIST = new Resource("pipelines", null);
    private static final String NSP = "/api/namespaces/:namespace_id";
    private static final String PP = NSP + "/pipelines/:pipeline_id";
    private static final String RUN = PP + "/runs/:run_id";
    private static final String EXT = "/api/extensions/:extension_id";
    private static final Resource EXT_LIST = new Resource("extensions", null);
    private static final Resource EXT_ONE = new Resource("extensions", "extension_id");

    public static final List<Rule> RULES = List.of(
            open("GET", "/api/system/metadata"),
            rule("GET", "/api/system", Action.READ, r("system")),
            admin("PATCH", "/api/system", Action.WRITE, r("system")),
            open("POST", "/api/tokens/bootstrap"),
            new Rule("GET", "/api/tokens/whoami", new Need(Access.AUTHENTICATED, Action.READ, List.of())),

            rule("GET", "/api/tokens", Action.READ, r("tokens")),
            // creating/changing tokens: handlers also refuse roles the caller does not hold (no privilege raising)
            rule("POST", "/api/tokens", Action.WRITE, r("tokens")),
            rule("GET", "/api/tokens/:id", Action.READ, r("tokens")),
            rule("PATCH", "/api/tokens/:id", Action.WRITE, r("tokens")),
            rule("DELETE", "/api/tokens/:id", Action.DELETE, r("tokens")),

            rule("GET", "/api/roles", Action.READ, r("permissions")),
            rule("GET", "/api/roles/:role_id", Action.READ, r("permissions")),
            admin("POST", "/api/roles", Action.WRITE, r("permissions")),
            admin("PATCH", "/api/roles/:role_id", Action.WRITE, r("permissions")),
            admin("DELETE", "/api/roles/:role_id", Action.DELETE, r("permissions")),

            rule("GET", "/api/events", Action.READ, r("events")),
            rule("GET", "/api/events/:event_id", Action.READ, r("events")),
            admin("DELETE", "/api/events/:event_id", Action.DELETE, r("events")),

            rule("GET", "/api/namespaces", Action.READ, NS_LIST),
            // creating and deleting namespaces is for admins: every role that works inside a namespace needs
            // write/delete on it, which must not mean it may delete the namespace and all it holds
            admin("POST", "/api/namespaces", Action.WRITE, NS_LIST),
            rule("GET", NSP, Action.READ, NS),
            rule("PATCH", NSP, Action.WRITE, NS),
            admin("DELETE", NSP, Action.DELETE, NS),

            rule("GET", NSP + "/pipelines", Action.READ, NS, PIPE_LIST),
            rule("GET", PP, Action.READ, NS, PIPE),
            rule("PATCH", PP, Action.WRITE, NS, PIPE),
            rule("DELETE", PP, Action.DELETE, NS, PIPE),
            rule("POST", PP + "/configs", Action.WRITE, NS, PIPE, r("configs")),
            rule("GET", PP + "/configs", Action.READ, NS, PIPE, r("configs")),
            rule("GET", PP + "/configs/:version", Action.READ, NS, PIPE, r("configs")),
            rule("POST", PP + "/configs/:version", Action.WRITE, NS, PIPE, r("deployments")),
            rule("DELETE", PP + "/configs/:version", Action.DELETE, NS, PIPE, r("configs")),
            rule("GET", PP + "/deployments", Action.READ, NS, PIPE, r("deployments")),
            rule("GET", PP + "/deployments/:deployment_id", Action.READ, NS, PIPE, r("deployments")),

            rule("POST", PP + "/runs", Action.WRITE, NS, PIPE, r("runs")),
            rule("GET", PP + "/runs", Action.READ, NS, PIPE, r("runs")),
            rule("GET", RUN, Action.READ, NS, PIPE, r("runs")),
            rule("DELETE", RUN, Action.DELETE, NS, PIPE, r("runs")),
            // a retry starts a run: the permission of starting one
            rule("POST", RUN + "/retry", Action.WRITE, NS, PIPE, r("runs")),
            rule("GET", RUN + "/tasks", Action.READ, NS, PIPE, r("task_executions")),
            rule("GET", RUN + "/tasks/:task_id", Action.READ, NS, PIPE, r("task_executions")),
            // cancelling one task: the permission of cancelling its run, on task executions
            rule("DELETE", RUN + "/tasks/:task_id", Action.DELETE, NS, PIPE, r("task_executions")),
            rule("GET", RUN + "/tasks/:task_id/logs", Action.READ, NS, PIPE, r("task_executions")),
            // a one-use link to save a log as a file: asking for it is reading the log; following it needs no token,
            // since a browser cannot send one with a download (api.DownloadLinks: one file, once, within a minute)
            rule("POST", RUN + "/tasks/:task_id/logs/download", Action.READ, NS, PIPE, r("task_executions")),
            open("GET", "/api/log-downloads/:link"),
            // attaching runs commands inside the task's container: write on the pipeline and its task executions
            rule("GET", RUN + "/tasks/:task_id/attach", Action.WRITE, NS, PIPE, r("task_executions")),
            rule("DELETE", RUN + "/tasks/:task_id/logs", Action.DELETE, NS, PIPE, r("task_executions")),

            // extensions: installing, changing and removing one is for admins (it runs a container with a key)
            admin("POST", "/api/extensions", Action.WRITE, EXT_LIST),
            rule("GET", "/api/extensions", Action.READ, EXT_LIST),
            rule("GET", EXT, Action.READ, EXT_ONE),
            admin("PATCH", EXT, Action.WRITE, EXT_ONE),
            admin("DELETE", EXT, Action.DELETE, EXT_ONE),
            rule("GET", EXT + "/logs", Action.READ, EXT_ONE),
            // what Gofer knows of it (never its key or settings): as reading its logs
            rule("GET", EXT + "/debug", Action.READ, EXT_ONE),
            rule("GET", EXT + "/subscriptions", Action.READ, EXT_ONE, r("subscriptions")),
            rule("POST", PP + "/subscriptions", Action.WRITE, NS, PIPE, r("subscriptions")),
            rule("GET", PP + "/subscriptions", Action.READ, NS, PIPE, r("subscriptions")),
            rule("GET", PP + "/subscriptions/:extension_id/:subscription_id", Action.READ, NS, PIPE, r("subscriptions")),
            rule("PATCH", PP + "/subscriptions/:extension_id/:subscription_id", Action.WRITE, NS, PIPE, r("subscriptions")),
            rule("DELETE", PP + "/subscriptions/:extension_id/:subscription_id", Action.DELETE, NS, PIPE, r("subscriptions")),
            // objects: a pipeline's, a run's, an extension's
            rule("GET", PP + "/objects", Action.READ, NS, PIPE, r("objects")),
            rule("GET", PP + "/objects/:key", Action.READ, NS, PIPE, r("objects")),
            rule("POST", PP + "/objects/:key", Action.WRITE, NS, PIPE, r("objects")),
            rule("DELETE", PP + "/objects/:key", Action.DELETE, NS, PIPE, r("objects")),
            rule("GET", RUN + "/objects", Action.READ, NS, PIPE, r("objects")),
            rule("GET", RUN + "/objects/:key", Action.READ, NS, PIPE, r("objects")),
            rule("POST", RUN + "/objects/:key", Action.WRITE, NS, PIPE, r("objects")),
            rule("DELETE", RUN + "/objects/:key", Action.DELETE, NS, PIPE, r("objects")),
            rule("GET", EXT + "/objects", Action.READ, EXT_ONE, r("objects")),
            rule("GET", EXT + "/objects/:key", Action.READ, EXT_ONE, r("objects")),
            rule("POST", EXT + "/objects/:key", Action.WRITE, EXT_ONE, r("objects")),
            rule("DELETE", EXT + "/objects/:key", Action.DELETE, EXT_ONE, r("objects")),
            // secrets: a pipeline's, and the global ones (admins only, as in the contract)
            rule("GET", PP + "/secrets", Action.READ, NS, PIPE, r("secrets")),
            rule("POST", PP + "/secrets", Action.WRITE, NS, PIPE, r("secrets")),
            rule("GET", PP + "/secrets/:key", Action.READ, NS, PIPE, r("secrets")),
            rule("DELETE", PP + "/secrets/:key", Action.DELETE, NS, PIPE, r("secrets")),
            admin("GET", "/api/secrets/global", Action.READ, r("secrets")),
            admin("POST", "/api/secrets/global", Action.WRITE, r("secrets")),
            admin("GET", "/api/secrets/global/:key", Action.READ, r("secrets")),
            admin("DELETE", "/api/secrets/global/:key", Action.DELETE, r("secrets")),
            // webhooks from the outside world carry no Gofer token: the extension checks each call (e.g. an HMAC)
            open("POST", "/api/external/:extension_id"),
            open("POST", "/api/external/:extension_id/*"));

    private RouteTable() {
    }

    private static Resource r(String name) {
        return new Resource(name, null);
    }

    private static Rule open(String method, String path) {
        return new Rule(method, path, new Need(Access.PUBLIC, Action.READ, List.of()));
    }

    private static Rule rule(String method, String path, Action action, Resource... resources) {
        return new Rule(method, path, new Need(Access.PERMISSION, action, List.of(resources)));
    }

    private static Rule admin(String method, String path, Action action, Resource... resources) {
        return new Rule(method, path, new Need(Access.ADMIN, action, List.of(resources)));
    }

    /** The rule for exactly this route template, as the router spells it. */
    public static Optional<Rule> declared(String method, String path) {
        // vertx-web reports a route declared as "/x/*" by its prefix "/x/"
        return RULES.stream().filter(r -> r.method().equals(method)
                && (r.path().equals(path) || r.path().endsWith("/*") && r.path().equals(path + "*"))).findFirst();
    }
}
