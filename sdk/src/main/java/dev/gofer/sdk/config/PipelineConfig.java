package dev.gofer.sdk.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline as the user writes it: what {@code POST .../configs} takes under {@code config}.
 *
 * <p>{@code parallelism} caps how many of this pipeline's tasks run at once within a run (0 = no cap).
 * {@code runTimeout} (a duration, null = the server's default) ends a run that takes longer.
 */
public record PipelineConfig(String id, String name, String description, long parallelism, List<TaskConfig> tasks,
                             @JsonProperty("run_timeout") @JsonInclude(JsonInclude.Include.NON_NULL) String runTimeout) {

    public PipelineConfig {
        description = description == null ? "" : description;
        // nulls are kept so the validator can name them instead of failing here
        tasks = tasks == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(tasks));
    }

    public PipelineConfig(String id, String name, String description, long parallelism, List<TaskConfig> tasks) {
        this(id, name, description, parallelism, tasks, null);
    }

    public static Builder builder(String id, String name) {
        return new Builder(id, name);
    }

    public String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("pipeline config cannot be written as JSON", e);
        }
    }

    /** Fluent builder used by Java pipeline files; {@link #finish()} validates and prints the JSON. */
    public static final class Builder {
        private final String id;
        private final String name;
        private String description = "";
        private long parallelism;
        private final List<TaskConfig> tasks = new ArrayList<>();
        private String runTimeout;

        private Builder(String id, String name) {
            this.id = id;
            this.name = name;
        }

        public Builder description(String description) { this.description = description; return this; }
        public Builder parallelism(long parallelism) { this.parallelism = parallelism; return this; }
        /** Ends a run that takes longer than this, e.g. {@code "1h"}: running tasks fail, the rest are cancelled. */
        public Builder runTimeout(String duration) { this.runTimeout = duration; return this; }
        public Builder task(TaskConfig task) { tasks.add(task); return this; }
        public Builder task(TaskConfig.Builder task) { tasks.add(task.build()); return this; }

        public PipelineConfig build() {
            PipelineConfig config = new PipelineConfig(id, name, description, parallelism, tasks, runTimeout);
            List<ConfigProblem> problems = PipelineConfigValidator.validate(config);
            if (!problems.isEmpty()) {
                throw new InvalidPipelineConfigException(problems);
            }
            return config;
        }

        /**
         * Validates and prints the pipeline as JSON on stdout, which is what
         * {@code gofer pipeline deploy Build.java} reads. Exits with status 1 on invalid config.
         */
        public void finish() {
            try {
                System.out.println(build().toJson());
            } catch (InvalidPipelineConfigException e) {
                System.err.println(e.getMessage());
                System.exit(1);
            }
        }
    }
}
