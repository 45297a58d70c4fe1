package dev.gofer.runs;

import dev.gofer.model.ConfigVersion;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.WaitingFor;
import dev.gofer.runs.RunAdmission.Entry;
import dev.gofer.runs.RunAdmission.Limits;
import dev.gofer.sdk.config.PipelineConfig;
import dev.gofer.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs that wait (pending) and the runs that hold a place (running), across the whole server; decides with
 * {@link RunAdmission} which start. The queue itself is in SQL: a pending run is a run whose state is pending, so a
 * restart finds the same queue ({@link #enqueue} again, in the same order). Used from the orchestrator's thread.
 */
final class RunQueue {
    private static final Logger LOG = LoggerFactory.getLogger(RunQueue.class);

    /** A pending run, with what starting it needs. */
    record Queued(Run run, ConfigVersion config) {
    }

    private final Store store;
    private final BiConsumer<Run, ConfigVersion> admit;
    private final Map<RunKey, Queued> pending = new HashMap<>();
    private final Map<RunKey, Entry> holding = new HashMap<>();
    /** What each pending run was last stored as waiting for, so only changes are written. */
    private final Map<RunKey, WaitingFor> shown = new HashMap<>();
    private int holds;

    /** @param admit starts a run the queue let go (it is no longer pending here; the caller stores it running) */
    RunQueue(Store store, BiConsumer<Run, ConfigVersion> admit) {
        this.store = store;
        this.admit = admit;
    }

    static Limits limits(PipelineConfig config) {
        return new Limits(config.maxConcurrentRuns(), config.concurrencyGroup(), config.cancelInProgress());
    }

    void enqueue(Run run, ConfigVersion config) {
        pending.put(run.key(), new Queued(run, config));
        if (run.waitingFor() != null) {
            shown.put(run.key(), run.waitingFor());
        }
    }

    /**
     * Whether a new run of this pipeline would start the moment it is queued: nothing holds the queue, its config
     * sets no max_concurrent_runs and no concurrency_group, and no run of its pipeline waits (it would overtake it).
     * Such a run is stored running at once and then {@link #holding} its place, one write less before its first
     * container.
     */
    boolean admitsAtOnce(String namespaceId, String pipelineId, PipelineConfig config) {
        Limits l = limits(config);
        return holds == 0 && l.maxRuns() == 0 && l.group() == null && pending.keySet().stream()
                .noneMatch(k -> k.namespaceId().equals(namespaceId) && k.pipelineId().equals(pipelineId));
    }

    /** Takes a run out of the queue (it is cancelled); empty when it was not waiting. */
    Optional<Queued> remove(RunKey key) {
        shown.remove(key);
        return Optional.ofNullable(pending.remove(key));
    }

    /** The run runs (started here, or resumed after a restart) and holds its place until {@link #released}. */
    void holding(RunKey key, long started, PipelineConfig config) {
        holding.put(key, new Entry(key, started, limits(config)));
    }

    void released(RunKey key) {
        if (holding.remove(key) != null) {
            pump();
        }
    }

    /** While held (a restart re-attaches the runs that ran), nothing starts: their places are not known yet. */
    void hold() {
        holds++;
    }

    void release() {
        holds--;
        pump();
    }

    /** The other runs of the group a new run with {@code cancel_in_progress} cancels, running ones first. */
    List<RunKey> supersededBy(Run run, ConfigVersion config) {
        return RunAdmission.superseded(new Entry(run.key(), run.started(), limits(config.config())), entries(), List.copyOf(holding.values()));
    }

    /** Starts every run that may start now, and stores what the others wait for. */
    void pump() {
        if (holds > 0) {
            return;
        }
        RunAdmission.Decision d = RunAdmission.decide(entries(), List.copyOf(holding.values()));
        for (RunKey key : d.start()) {
            Queued q = pending.remove(key);
            shown.remove(key);
            holding.put(key, new Entry(key, q.run().started(), limits(q.config().config())));
            admit.accept(q.run(), q.config());
        }
        d.waiting().forEach((key, why) -> {
            if (!Objects.equals(shown.put(key, why), why)) {
                store.updateWaiting(key, why).onFailure(e -> LOG.warn("could not store what run {} waits for: {}", key, e.getMessage()));
            }
        });
    }

    private List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        pending.values().forEach(q -> out.add(new Entry(q.run().key(), q.run().started(), limits(q.config().config()))));
        return out;
    }
}
