package dev.gofer.auth;

/**
 * One resource a request touches: {@code resource} is a name from {@link Permission#RESOURCES}; {@code id} is the
 * namespace/pipeline id for targeted resources, or null when the route lists them (any grant on that resource
 * lets the caller in; the route then shows only the items the caller may read).
 */
public record Target(String resource, String id) {
    public static Target of(String resource) {
        return new Target(resource, null);
    }

    public static Target namespace(String id) {
        return new Target("namespaces", id);
    }

    public static Target pipeline(String id) {
        return new Target("pipelines", id);
    }

    public static Target extension(String id) {
        return new Target("extensions", id);
    }
}
