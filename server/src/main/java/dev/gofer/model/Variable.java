package dev.gofer.model;

/** One environment variable of a run or task execution, and who set it (system, pipeline_config, run_options, extension). */
public record Variable(String key, String value, String source) {
    public static final String SYSTEM = "system";
    public static final String PIPELINE_CONFIG = "pipeline_config";
    public static final String RUN_OPTIONS = "run_options";
    /** Sent by a subscribed extension with its StartRun call. */
    public static final String EXTENSION = "extension";
}
