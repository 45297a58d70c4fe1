package dev.gofer.model;

public record RunKey(String namespaceId, String pipelineId, long runId) {
    public TaskKey task(String taskId) {
        return new TaskKey(namespaceId, pipelineId, runId, taskId);
    }

    @Override
    public String toString() {
        return namespaceId + "/" + pipelineId + "/" + runId;
    }
}
