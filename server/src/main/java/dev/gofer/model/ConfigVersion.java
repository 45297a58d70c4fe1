package dev.gofer.model;

import dev.gofer.sdk.config.PipelineConfig;

/**
 * One registered, immutable version of a pipeline's config. {@code state}: unreleased (never deployed),
 * live (what new runs use), deprecated (was live, replaced).
 */
public record ConfigVersion(String namespaceId, String pipelineId, long version, PipelineConfig config,
                            String state, long registered, long deprecated) {
    public static final String UNRELEASED = "unreleased";
    public static final String LIVE = "live";
    public static final String DEPRECATED = "deprecated";
}
