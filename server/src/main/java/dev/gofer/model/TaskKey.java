package dev.gofer.model;

/** Identifies one task execution across the whole server. */
public record TaskKey(String namespaceId, String pipelineId, long runId, String taskId) {
    public RunKey run() {
        return new RunKey(namespaceId, pipelineId, runId);
    }

    /** Safe as a container name, file name and event-bus address suffix: every id is [a-z0-9-]. */
    public String slug() {
        return namespaceId + "_" + pipelineId + "_" + runId + "_" + taskId;
    }
}
