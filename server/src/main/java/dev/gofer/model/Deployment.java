package dev.gofer.model;

/** A switch of the live config from one version to another. Cut-over is instant, so it is stored complete. */
public record Deployment(String namespaceId, String pipelineId, long deploymentId, long startVersion, long endVersion,
                         long started, long ended, String state, String status) {
}
