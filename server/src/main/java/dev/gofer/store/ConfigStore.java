package dev.gofer.store;

import dev.gofer.model.Deployment;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** A pipeline's config history beside {@link Store}: the deployments its deploys made, and removing old versions. */
public interface ConfigStore {
    /** Oldest first. */
    Future<List<Deployment>> deployments(String namespaceId, String pipelineId);

    Future<Optional<Deployment>> deployment(String namespaceId, String pipelineId, long deploymentId);

    /**
     * Deletes a config version that is not live and that no unfinished run uses (CONFLICT naming why otherwise;
     * NOT_FOUND when there is no such version), with its event, in one transaction.
     */
    Future<Void> deleteConfig(String namespaceId, String pipelineId, long version);
}
