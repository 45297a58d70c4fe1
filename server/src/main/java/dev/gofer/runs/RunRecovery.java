package dev.gofer.runs;

import dev.gofer.model.ConfigVersion;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.TaskExecution;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up runs a previous process left unfinished: a task whose container still exists is re-attached (its
 * log continues where it stopped; if it already exited, its exit code and output are collected), a task that
 * had a container which vanished fails as {@code orphaned}, tasks not started yet run as the DAG says.
 * Containers of this server that belong to no such run are removed.
 */
final class RunRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(RunRecovery.class);

    private final RunServices services;
    private final Predicate<RunKey> driven;
    private final Consumer<RunDriver> register;

    /**
     * @param driven   whether this process drives the run already (a run has one driver, never two)
     * @param register makes a resumed run's driver the one that receives its inputs
     */
    RunRecovery(RunServices services, Predicate<RunKey> driven, Consumer<RunDriver> register) {
        this.services = services;
        this.driven = driven;
        this.register = register;
    }

    /** Completes with the number of runs resumed, once each is re-attached (or failed to be). */
    Future<Integer> recover(List<Run> unfinished) {
        Set<String> adopted = new HashSet<>();
        // Taken before any run resumes: containers started by resumed runs are not strays.
        Future<List<String>> before = services.containers().find(services.taskContainers().ofThisServer());
        return before.transform(own -> resumeAll(unfinished, adopted))
                .compose(resumed -> removeStrays(before, adopted)
                        .compose(v -> revokeLeftovers())
                        .map(resumed));
    }

    private Future<Integer> resumeAll(List<Run> runs, Set<String> adopted) {
        Future<Integer> chain = Future.succeededFuture(0);
        for (Run run : runs) {
            chain = chain.compose(n -> resume(run, adopted)
                    .recover(e -> {
                        LOG.error("run {} could not be resumed", run.key(), e);
                        return Future.succeededFuture(true);
                    })
                    .map(resumed -> resumed ? n + 1 : n));
        }
        return chain;
    }

    /** False when the run already has a driver here: it was started after this server came up, not left over. */
    private Future<Boolean> resume(Run run, Set<String> adopted) {
        RunKey key = run.key();
        return services.store().config(key.namespaceId(), key.pipelineId(), run.configVersion())
                .map(config -> config.orElseThrow(() -> new IllegalStateException("config version " + run.configVersion() + " is gone")))
                .compose(config -> services.store().tasks(key).map(tasks -> driver(run, config, tasks)))
                .compose(driver -> {
                    if (driven.test(key)) {
                        LOG.warn("run {} is driven by this server already; not resumed a second time", key);
                        return Future.succeededFuture(false);
                    }
                    register.accept(driver);
                    return driver.resume(adopted).map(true);
                });
    }

    private RunDriver driver(Run run, ConfigVersion config, List<TaskExecution> tasks) {
        return RunDriver.forUnfinishedRun(services, run, config, RunPlan.inConfigOrder(config, tasks));
    }

    /** Revokes the API tokens of runs that are not active: a crash between a run's end and its token's revocation left them. */
    private Future<Void> revokeLeftovers() {
        return services.resources().recovered(driven).recover(e -> {
            LOG.warn("could not revoke API tokens left by runs that ended before a crash: {}", e.getMessage());
            return Future.succeededFuture();
        });
    }

    private Future<Void> removeStrays(Future<List<String>> ownBeforeRecovery, Set<String> adopted) {
        return ownBeforeRecovery.compose(own -> {
            Future<Void> chain = Future.succeededFuture();
            for (String containerId : own) {
                if (!adopted.contains(containerId)) {
                    LOG.info("removing container {}: labelled by this Gofer but part of no unfinished run", containerId);
                    chain = chain.compose(v -> services.containers().remove(containerId));
                }
            }
            return chain;
        }).recover(e -> {
            LOG.warn("could not clean up containers left by an earlier run: {}", e.getMessage());
            return Future.succeededFuture();
        });
    }
}
