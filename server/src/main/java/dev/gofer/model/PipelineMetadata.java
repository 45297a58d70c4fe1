package dev.gofer.model;

/** The system-owned part of a pipeline; its tasks live in versioned configs. */
public record PipelineMetadata(String namespaceId, String pipelineId, String state, long created, long modified) {
    public static final String ACTIVE = "active";
    public static final String DISABLED = "disabled";
}
