package dev.gofer.sdk.config;

import java.util.Collections;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One task of a pipeline: a container image, how to start it and which tasks must finish first.
 * Field names follow the REST contract (snake_case on the wire). {@code timeout} (a duration, see {@link Durations}),
 * {@code retry} and {@code resources} are null when not set: the server's defaults apply.
 */
public record TaskConfig(
        String id,
        String description,
        String image,
        @JsonProperty("registry_auth") RegistryAuth registryAuth,
        @JsonProperty("depends_on") Map<String, RequiredParentStatus> dependsOn,
        Map<String, String> variables,
        List<String> entrypoint,
        List<String> command,
        @JsonProperty("inject_api_token") boolean injectApiToken,
        @JsonProperty("always_pull_newest_image") boolean alwaysPullNewestImage,
        @JsonInclude(JsonInclude.Include.NON_NULL) String timeout,
        @JsonInclude(JsonInclude.Include.NON_NULL) TaskRetry retry,
        @JsonInclude(JsonInclude.Include.NON_NULL) TaskResources resources) {

    public TaskConfig {
        description = description == null ? "" : description;
        dependsOn = dependsOn == null ? Map.of() : new LinkedHashMap<>(dependsOn);
        variables = variables == null ? Map.of() : new LinkedHashMap<>(variables);
        // nulls are kept so the validator can name them instead of failing here
        entrypoint = entrypoint == null ? null : Collections.unmodifiableList(new ArrayList<>(entrypoint));
        command = command == null ? null : Collections.unmodifiableList(new ArrayList<>(command));
    }

    /** A task without run controls (timeout, retry, resources). */
    public TaskConfig(String id, String description, String image, RegistryAuth registryAuth,
                      Map<String, RequiredParentStatus> dependsOn, Map<String, String> variables, List<String> entrypoint,
                      List<String> command, boolean injectApiToken, boolean alwaysPullNewestImage) {
        this(id, description, image, registryAuth, dependsOn, variables, entrypoint, command, injectApiToken,
                alwaysPullNewestImage, null, null, null);
    }

    public static Builder builder(String id, String image) {
        return new Builder(id, image);
    }

    /** Fluent builder used by Java pipeline files. */
    public static final class Builder {
        private final String id;
        private final String image;
        private String description = "";
        private RegistryAuth registryAuth;
        private final Map<String, RequiredParentStatus> dependsOn = new LinkedHashMap<>();
        private final Map<String, String> variables = new LinkedHashMap<>();
        private List<String> entrypoint;
        private List<String> command;
        private boolean injectApiToken;
        private boolean alwaysPullNewestImage;
        private String timeout;
        private TaskRetry retry;
        private TaskResources resources;

        private Builder(String id, String image) {
            this.id = id;
            this.image = image;
        }

        public Builder description(String description) { this.description = description; return this; }
        public Builder registryAuth(String user, String pass) { this.registryAuth = new RegistryAuth(user, pass); return this; }
        public Builder dependsOn(String parent, RequiredParentStatus status) { dependsOn.put(parent, status); return this; }
        public Builder variable(String key, String value) { variables.put(key, value); return this; }
        public Builder entrypoint(String... args) { this.entrypoint = new ArrayList<>(List.of(args)); return this; }
        public Builder command(String... args) { this.command = new ArrayList<>(List.of(args)); return this; }
        /** Runs the script with {@code /bin/sh -c}; replaces any command set before. */
        public Builder script(String script) { return command("/bin/sh", "-c", script.strip()); }
        public Builder injectApiToken(boolean inject) { this.injectApiToken = inject; return this; }
        public Builder alwaysPullNewestImage(boolean always) { this.alwaysPullNewestImage = always; return this; }

        /** Fails the task (reason {@code timeout}) once its container has run this long, e.g. {@code "10m"}. */
        public Builder timeout(String duration) { this.timeout = duration; return this; }
        /** e.g. {@code TaskRetry.attempts(3).backoff("5s")}. */
        public Builder retry(TaskRetry retry) { this.retry = retry; return this; }
        /** {@code cpus} (null = no limit), {@code memory} like {@code "256m"} (null = no limit). */
        public Builder resources(Double cpus, String memory) { this.resources = new TaskResources(cpus, memory); return this; }

        public TaskConfig build() {
            return new TaskConfig(id, description, image, registryAuth, dependsOn, variables, entrypoint, command,
                    injectApiToken, alwaysPullNewestImage, timeout, retry, resources);
        }
    }
}
