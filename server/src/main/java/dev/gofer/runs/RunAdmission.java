package dev.gofer.runs;

import dev.gofer.model.RunKey;
import dev.gofer.model.WaitingFor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pending runs may start, as a pure function of what runs and what waits (no I/O, no clock), so the rules
 * are tested without Docker or a store. A run starts when its pipeline runs fewer than its
 * {@code max_concurrent_runs} and no run of its {@code concurrency_group} (namespace-wide) runs. Waiting is first
 * come, first served: a run never overtakes an older pending run of its pipeline or of its group.
 */
final class RunAdmission {
    private RunAdmission() {
    }

    /** A run's limits, from its config version. {@code group} null: none; {@code maxRuns} 0: no cap. */
    record Limits(long maxRuns, String group, boolean cancelInProgress) {
        static final Limits NONE = new Limits(0, null, false);
    }

    /** A run that waits, or that runs; {@code queued} orders the waiting ones (then the key, for ties). */
    record Entry(RunKey key, long queued, Limits limits) {
        String groupKey() {
            return limits.group() == null ? null : key.namespaceId() + "/" + limits.group();
        }

        String pipelineKey() {
            return key.namespaceId() + "/" + key.pipelineId();
        }
    }

    static final Comparator<Entry> QUEUE_ORDER = Comparator.comparingLong(Entry::queued)
            .thenComparing(e -> e.key().namespaceId()).thenComparing(e -> e.key().pipelineId())
            .thenComparingLong(e -> e.key().runId());

    /**
     * @param start   runs to start now, oldest first
     * @param waiting every other pending run and what it waits for
     */
    record Decision(List<RunKey> start, Map<RunKey, WaitingFor> waiting) {
    }

    /**
     * @param pending the runs waiting, any order
     * @param running the runs that run (or are being cancelled): they hold their pipeline's slots and their group
     */
    static Decision decide(List<Entry> pending, List<Entry> running) {
        Map<String, List<Entry>> byPipeline = new HashMap<>();
        Map<String, Entry> groupHolder = new HashMap<>();
        for (Entry r : running.stream().sorted(QUEUE_ORDER).toList()) {
            byPipeline.computeIfAbsent(r.pipelineKey(), k -> new ArrayList<>()).add(r);
            if (r.groupKey() != null) {
                groupHolder.putIfAbsent(r.groupKey(), r);
            }
        }
        // the oldest waiting run of each pipeline and group: younger ones queue behind it
        Map<String, Entry> pipelineWaiter = new HashMap<>();
        Map<String, Entry> groupWaiter = new HashMap<>();
        List<RunKey> start = new ArrayList<>();
        Map<RunKey, WaitingFor> waiting = new LinkedHashMap<>();
        for (Entry p : pending.stream().sorted(QUEUE_ORDER).toList()) {
            WaitingFor why = blocker(p, byPipeline, groupHolder, pipelineWaiter, groupWaiter);
            if (why == null) {
                start.add(p.key());
                byPipeline.computeIfAbsent(p.pipelineKey(), k -> new ArrayList<>()).add(p);
                if (p.groupKey() != null) {
                    groupHolder.put(p.groupKey(), p);
                }
            } else {
                waiting.put(p.key(), why);
                pipelineWaiter.putIfAbsent(p.pipelineKey(), p);
                if (p.groupKey() != null) {
                    groupWaiter.putIfAbsent(p.groupKey(), p);
                }
            }
        }
        return new Decision(start, waiting);
    }

    private static WaitingFor blocker(Entry p, Map<String, List<Entry>> byPipeline, Map<String, Entry> groupHolder,
                                      Map<String, Entry> pipelineWaiter, Map<String, Entry> groupWaiter) {
        long max = p.limits().maxRuns();
        List<Entry> runningOfPipeline = byPipeline.getOrDefault(p.pipelineKey(), List.of());
        if (max > 0 && runningOfPipeline.size() >= max) {
            Entry oldest = runningOfPipeline.get(0);
            return new WaitingFor(WaitingFor.MAX_CONCURRENT_RUNS, max, null, oldest.key().pipelineId(), oldest.key().runId(),
                    runningOfPipeline.size() + " run(s) of " + p.key().pipelineId() + " running, max_concurrent_runs is " + max);
        }
        String group = p.groupKey();
        if (group != null && groupHolder.containsKey(group)) {
            Entry holder = groupHolder.get(group);
            return new WaitingFor(WaitingFor.CONCURRENCY_GROUP, 0, p.limits().group(), holder.key().pipelineId(), holder.key().runId(),
                    "concurrency group " + p.limits().group() + " is held by run " + holder.key().runId() + " of " + holder.key().pipelineId());
        }
        if (group != null && groupWaiter.containsKey(group)) {
            Entry ahead = groupWaiter.get(group);
            return new WaitingFor(WaitingFor.CONCURRENCY_GROUP, 0, p.limits().group(), ahead.key().pipelineId(), ahead.key().runId(),
                    "queued in concurrency group " + p.limits().group() + " behind run " + ahead.key().runId() + " of " + ahead.key().pipelineId());
        }
        if (pipelineWaiter.containsKey(p.pipelineKey())) {
            Entry ahead = pipelineWaiter.get(p.pipelineKey());
            // it waits for what the run ahead of it waits for
            boolean capped = max > 0;
            return new WaitingFor(capped ? WaitingFor.MAX_CONCURRENT_RUNS : WaitingFor.CONCURRENCY_GROUP, max,
                    capped ? null : ahead.limits().group(), ahead.key().pipelineId(), ahead.key().runId(),
                    "queued behind run " + ahead.key().runId() + " of " + ahead.key().pipelineId());
        }
        return null;
    }

    /**
     * The runs a new run cancels when its config says {@code cancel_in_progress}: every other run of its group,
     * running or pending (GitHub Actions' semantics). Empty otherwise.
     */
    static List<RunKey> superseded(Entry newRun, List<Entry> pending, List<Entry> running) {
        if (!newRun.limits().cancelInProgress() || newRun.groupKey() == null) {
            return List.of();
        }
        List<RunKey> out = new ArrayList<>();
        for (Entry e : running) {
            if (newRun.groupKey().equals(e.groupKey()) && !e.key().equals(newRun.key())) {
                out.add(e.key());
            }
        }
        for (Entry e : pending.stream().sorted(QUEUE_ORDER).toList()) {
            if (newRun.groupKey().equals(e.groupKey()) && !e.key().equals(newRun.key())) {
                out.add(e.key());
            }
        }
        return out;
    }
}
