package dev.gofer.model;

/**
 * Why a pending run has not started yet. {@code kind}: {@link #MAX_CONCURRENT_RUNS} (the pipeline runs as many
 * runs as its config allows; {@code limit} says how many) or {@link #CONCURRENCY_GROUP} (another run of the
 * namespace-wide {@code group} holds the lock). {@code pipelineId}/{@code runId}: the run it waits behind, the
 * oldest one that holds what it needs.
 */
public record WaitingFor(String kind, long limit, String group, String pipelineId, long runId, String description) {
    public static final String MAX_CONCURRENT_RUNS = "max_concurrent_runs";
    public static final String CONCURRENCY_GROUP = "concurrency_group";
}
