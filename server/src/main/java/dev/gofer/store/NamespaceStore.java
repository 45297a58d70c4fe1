package dev.gofer.store;

import dev.gofer.model.Namespace;
import io.vertx.core.Future;
import java.util.Optional;

/** Namespace management and pipeline enable/disable; every change records its event in the same transaction. */
public interface NamespaceStore {
    /** Fails with CONFLICT when the id is taken. */
    Future<Namespace> create(Namespace namespace);

    /** Null name/description = unchanged. Empty when there is no such namespace. */
    Future<Optional<Namespace>> update(String id, String name, String description, long now);

    /** Deletes the namespace and everything in it (pipelines, configs, deployments, runs, task executions). */
    Future<Boolean> delete(String id);

    /** {@code state} is active or disabled; false when the pipeline does not exist. */
    Future<Boolean> setPipelineState(String namespaceId, String pipelineId, String state, long now);
}
