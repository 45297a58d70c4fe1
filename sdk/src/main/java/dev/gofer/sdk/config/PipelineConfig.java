package dev.gofer.sdk.config;

import java.util.Collections;
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
 * {@code max_concurrent_runs} caps how many runs of the pipeline run at once (0 = no cap; later runs wait,
 * pending, in the order they were started). {@code concurrency_group} names a namespace-wide lock shared by every
 * pipeline naming it: one run of the group at a time; with {@code cancel_in_progress} a new run cancels the
 * group's running and pending runs instead of waiting for them. {@code keep_runs} (null = the server's
 * {@code keep_runs}): how many finished runs are kept; older ones are deleted with their logs and objects.
 * {@code inputs}: the typed run variables a run may (or must) give; with none declared any variable is taken.
 */
public record PipelineConfig(String id, String name, String description, long parallelism, List<TaskConfig> tasks,
                             @JsonProperty("run_timeout") @JsonInclude(JsonInclude.Include.NON_NULL) String runTimeout,
                             @JsonProperty("max_concurrent_runs") long maxConcurrentRuns,
                             @JsonProperty("concurrency_group") String concurrencyGroup,
                             @JsonProperty("cancel_in_progress") boolean cancelInProgress,
                             @JsonProperty("keep_runs") @JsonInclude(JsonInclude.Include.NON_NULL) Long keepRuns,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<InputConfig> inputs) {

    public PipelineConfig {
        description = description == null ? "" : description;
        // nulls are kept so the validator can name them instead of failing here
        tasks = tasks == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(tasks));
        inputs = inputs == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(inputs));
    }

    /** A pipeline without inputs. */
    public PipelineConfig(String id, String name, String description, long parallelism, List<TaskConfig> tasks,
                          String runTimeout, long maxConcurrentRuns, String concurrencyGroup, boolean cancelInProgress,
                          Long keepRuns) {
        this(id, name, description, parallelism, tasks, runTimeout, maxConcurrentRuns, concurrencyGroup, cancelInProgress,
                keepRuns, List.of());
    }

    /** A pipeline without run controls. */
    public PipelineConfig(String id, String name, String description, long parallelism, List<TaskConfig> tasks) {
        this(id, name, description, parallelism, tasks, null, 0, null, false, null, List.of());
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
        private long maxConcurrentRuns;
        private String concurrencyGroup;
        private boolean cancelInProgress;
        private Long keepRuns;
        private final List<TaskConfig> tasks = new ArrayList<>();
        private final List<InputConfig> inputs = new ArrayList<>();
        private String runTimeout;

        private Builder(String id, String name) {
            this.id = id;
            this.name = name;
        }

        public Builder description(String description) { this.description = description; return this; }
        public Builder parallelism(long parallelism) { this.parallelism = parallelism; return this; }
        /** Ends a run that takes longer than this, e.g. {@code "1h"}: running tasks fail, the rest are cancelled. */
        public Builder runTimeout(String duration) { this.runTimeout = duration; return this; }
        /** At most this many runs at once (0 = no cap); later runs wait, pending, in start order. */
        public Builder maxConcurrentRuns(long max) { this.maxConcurrentRuns = max; return this; }
        /** One run at a time across every pipeline of the namespace naming this group. */
        public Builder concurrencyGroup(String group) { this.concurrencyGroup = group; return this; }
        /** A new run cancels the group's running and pending runs instead of waiting for them. */
        public Builder cancelInProgress(boolean cancel) { this.cancelInProgress = cancel; return this; }
        /** Keep this many finished runs; older ones are deleted with their logs and objects. */
        public Builder keepRuns(long keep) { this.keepRuns = keep; return this; }
        /** A typed run input, e.g. {@code InputConfig.choice("TARGET", "where to deploy", "staging", "prod").withDefault("staging")}. */
        public Builder input(InputConfig input) { inputs.add(input); return this; }
        public Builder task(TaskConfig task) { tasks.add(task); return this; }
        public Builder task(TaskConfig.Builder task) { tasks.add(task.build()); return this; }

        public PipelineConfig build() {
            PipelineConfig config = new PipelineConfig(id, name, description, parallelism, tasks, runTimeout,
                    maxConcurrentRuns, concurrencyGroup, cancelInProgress, keepRuns, inputs);
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
