package dev.gofer.store;

import dev.gofer.events.NewEvent;
import dev.gofer.model.ConfigVersion;
import dev.gofer.model.Deployment;
import dev.gofer.model.Namespace;
import dev.gofer.model.PipelineMetadata;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskKey;
import dev.gofer.model.WaitingFor;
import dev.gofer.sdk.config.PipelineConfig;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Everything Gofer persists. Writes that must not be seen half-done (a new config version, a
 * deployment, a run with its task executions) are one transaction each.
 */
public interface Store {
    Future<Void> migrate();

    Future<Void> close();

    Future<List<Namespace>> namespaces();

    Future<Optional<Namespace>> namespace(String id);

    /** Creates the namespace unless one with this id exists. */
    Future<Void> ensureNamespace(Namespace namespace);

    Future<List<PipelineMetadata>> pipelines(String namespaceId);

    Future<Optional<PipelineMetadata>> pipeline(String namespaceId, String pipelineId);

    /** Stores the next version of the pipeline's config, creating the pipeline on its first config. */
    Future<ConfigVersion> registerConfig(String namespaceId, PipelineConfig config, long now);

    Future<List<ConfigVersion>> configs(String namespaceId, String pipelineId);

    /** Version 0 means the latest one. */
    Future<Optional<ConfigVersion>> config(String namespaceId, String pipelineId, long version);

    Future<Optional<ConfigVersion>> liveConfig(String namespaceId, String pipelineId);

    /** Makes {@code version} live and the previously live one deprecated, and records the deployment. */
    Future<Deployment> deploy(String namespaceId, String pipelineId, long version, long now);

    /**
     * A run and its task executions, ready to be stored; built once the run's id is known. {@code events}: more
     * events to record with it (a retried run's link to the run it retries).
     */
    record NewRun(Run run, List<TaskExecution> tasks, List<NewEvent> events) {
        public NewRun(Run run, List<TaskExecution> tasks) {
            this(run, tasks, List.of());
        }

        /** The same, with the run as {@code run} (e.g. admitted: stored running, with its started_run event). */
        public NewRun with(Run run) {
            return new NewRun(run, tasks, events);
        }
    }

    /**
     * Allocates the next run id of the pipeline and stores what {@code plan} builds for it, atomically; returns what
     * was stored, so the caller need not read it back. A run planned running (the queue admits it at once) gets its
     * started_run event after its tasks', as a later update would.
     */
    Future<NewRun> createRun(String namespaceId, String pipelineId, LongFunction<NewRun> plan);

    Future<Void> updateRun(Run run);

    Future<Void> updateTask(TaskExecution task);

    /** A change to one row of a run, the run's own or one of its task executions'. */
    sealed interface Change {
        record OfRun(Run run) implements Change {
        }

        record OfTask(TaskExecution task) implements Change {
        }
    }

    /**
     * Several changes, in order, as one transaction (their events in the same order): a task's end and the run's end
     * it decides cost one commit, not two. This default stores them one after another (stores without transactions).
     */
    default Future<Void> update(List<Change> changes) {
        Future<Void> chain = Future.succeededFuture();
        for (Change c : changes) {
            chain = chain.compose(v -> c instanceof Change.OfRun r ? updateRun(r.run()) : updateTask(((Change.OfTask) c).task()));
        }
        return chain;
    }

    /** What a pending run waits for now (null: nothing); changes nothing once the run left the queue. */
    Future<Void> updateWaiting(RunKey run, WaitingFor why);

    Future<List<Run>> runs(String namespaceId, String pipelineId, int limit, int offset, boolean newestFirst);

    Future<Optional<Run>> run(RunKey key);

    Future<List<Run>> unfinishedRuns();

    Future<List<TaskExecution>> tasks(RunKey key);

    Future<Optional<TaskExecution>> task(TaskKey key);
}
