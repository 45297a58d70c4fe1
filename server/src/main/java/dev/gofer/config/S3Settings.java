package dev.gofer.config;

import java.net.URI;

/**
 * Where {@code object_store: s3} keeps object bytes. {@code accessKey} and {@code secretKey} are secrets: never
 * shown by {@link #toString()}, {@link #describe()} or any message built from these settings.
 *
 * @param endpoint  empty = AWS S3 itself (the region's endpoint); else the URL of an S3-compatible server
 * @param prefix    "" or a folder-like prefix ending in '/', put before every object location
 * @param accessKey empty = the standard AWS credential chain (env, profile, container or instance role)
 */
public record S3Settings(String endpoint, String region, String bucket, String prefix, boolean pathStyle,
                         String accessKey, String secretKey) {
    public S3Settings {
        endpoint = endpoint.trim();
        if (!endpoint.isEmpty() && !endpoint.matches("https?://[^\\s/]+(/\\S*)?")) {
            throw new IllegalArgumentException("setting s3_endpoint must be empty (AWS) or an http:// or https:// URL such as"
                    + " http://minio.internal:9000, got '" + endpoint + "'");
        }
        if (region.isBlank()) {
            throw new IllegalArgumentException("setting s3_region must not be empty (e.g. us-east-1; S3-compatible servers accept any)");
        }
        prefix = prefix.trim();
        while (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
    }

    /** The object_store setting, checked: {@code filesystem} or {@code s3}. */
    public static String objectStore(String value) {
        String v = value.trim();
        if (!v.equals("filesystem") && !v.equals("s3")) {
            throw new IllegalArgumentException("setting object_store must be 'filesystem' or 's3', got '" + v + "'");
        }
        return v;
    }

    /** With {@code used} (object_store is s3), checks what only that store needs. */
    public S3Settings check(boolean used) {
        if (used && !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("setting s3_bucket must name the bucket objects go to (3 to 63 lower-case"
                    + " letters, digits, '.' or '-') when object_store is s3, got '" + bucket + "'");
        }
        if (used && accessKey.isEmpty() != secretKey.isEmpty()) {
            throw new IllegalArgumentException("settings s3_access_key and s3_secret_key go together: set both,"
                    + " or neither to use the standard AWS credential chain");
        }
        return this;
    }

    public boolean staticCredentials() {
        return !accessKey.isEmpty();
    }

    public URI endpointUri() {
        return endpoint.isEmpty() ? null : URI.create(endpoint);
    }

    /** For messages and logs: endpoint and bucket, never the credentials. */
    public String describe() {
        return "S3 " + (endpoint.isEmpty() ? "(AWS, region " + region + ")" : "at " + endpoint) + ", bucket '" + bucket + "'"
                + (prefix.isEmpty() ? "" : ", prefix '" + prefix + "'");
    }

    @Override
    public String toString() {
        return "S3Settings[" + describe() + ", path style " + pathStyle + ", credentials "
                + (staticCredentials() ? "from settings (***)" : "from the AWS chain") + "]";
    }
}
