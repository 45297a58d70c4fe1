package dev.gofer.runs;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a job per key at most once at a time. A request while the key's job runs asks for one more run after it,
 * however many requests arrive meanwhile: n requests during a run cost one more run, not n.
 *
 * <p>Why: housekeeping that runs whenever a run starts or ends (expiring old runs' objects) used to start once per
 * request. A burst of runs started tens of them at once on the one SQLite writer, each redoing the same runs, and
 * the queued work (futures holding run keys) grew with the burst: benchmark 7 measured ~10 pending lambdas per run
 * and a heap that kept growing (bench/PROFILE.md, "Memory"). The job reads the state it works on, so one run after
 * the last request sees everything the requests asked for.
 */
final class CoalescedJobs<K> {
    private final Function<K, Future<Void>> job;
    /** Keys whose job runs now; the value is the promise of the run asked for after it, or null when none is. */
    private final Map<K, Promise<Void>> running = new HashMap<>();

    CoalescedJobs(Function<K, Future<Void>> job) {
        this.job = job;
    }

    /** Completes when a run of the job that started after this request has ended (failed if that run failed). */
    Future<Void> request(K key) {
        synchronized (this) {
            if (running.containsKey(key)) {
                return running.computeIfAbsent(key, k -> Promise.promise()).future();
            }
            running.put(key, null);
        }
        return start(key);
    }

    /** Keys with a job running now (for tests). */
    synchronized int running() {
        return running.size();
    }

    private Future<Void> start(K key) {
        Future<Void> run;
        try {
            run = job.apply(key);
        } catch (RuntimeException e) {
            run = Future.failedFuture(e);
        }
        return run.andThen(done -> finished(key));
    }

    private void finished(K key) {
        Promise<Void> next;
        synchronized (this) {
            next = running.get(key);
            if (next == null) {
                running.remove(key);
                return;
            }
            running.put(key, null);
        }
        start(key).onComplete(next);
    }
}
