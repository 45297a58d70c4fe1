package dev.gofer.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Housekeeping per pipeline: a burst of requests costs the run in progress plus one, and nothing is left behind. */
class CoalescedJobsTest {
    /** Runs of the job by key, each ended by the test through its promise. */
    private final Map<String, List<Promise<Void>>> runs = new ConcurrentHashMap<>();
    private final CoalescedJobs<String> jobs = new CoalescedJobs<>(key -> {
        Promise<Void> run = Promise.promise();
        runs.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(run);
        return run.future();
    });

    @Test
    void aBurstDuringARunCostsOneMoreRunNotOnePerRequest() {
        Future<Void> first = jobs.request("p");
        List<Future<Void>> burst = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            burst.add(jobs.request("p"));
        }
        assertEquals(1, runs.get("p").size(), "one run at a time");
        runs.get("p").get(0).complete();
        assertTrue(first.succeeded());
        assertEquals(2, runs.get("p").size(), "the burst asked for exactly one more run");
        assertTrue(burst.stream().noneMatch(Future::isComplete), "the burst waits for the run that started after it");
        runs.get("p").get(1).complete();
        assertTrue(burst.stream().allMatch(Future::succeeded));
        assertEquals(2, runs.get("p").size());
        assertEquals(0, jobs.running(), "nothing kept once idle: the map does not grow with the keys seen");
    }

    @Test
    void keysRunIndependently() {
        jobs.request("a");
        jobs.request("b");
        assertEquals(1, runs.get("a").size());
        assertEquals(1, runs.get("b").size());
        runs.get("a").get(0).complete();
        assertEquals(1, jobs.running());
        runs.get("b").get(0).complete();
        assertEquals(0, jobs.running());
    }

    @Test
    void aFailedRunFailsItsRequestsAndTheNextRequestStillRuns() {
        Future<Void> first = jobs.request("p");
        Future<Void> queued = jobs.request("p");
        runs.get("p").get(0).fail("disk full");
        assertTrue(first.failed());
        assertEquals(2, runs.get("p").size(), "a failure does not drop the run asked for meanwhile");
        runs.get("p").get(1).fail("still full");
        assertEquals("still full", queued.cause().getMessage());
        jobs.request("p");
        assertEquals(3, runs.get("p").size());
        runs.get("p").get(2).complete();
        assertEquals(0, jobs.running());
    }

    @Test
    void aJobThatThrowsFailsItsRequestAndFreesTheKey() {
        CoalescedJobs<String> throwing = new CoalescedJobs<>(key -> {
            throw new IllegalStateException("broken");
        });
        assertEquals("broken", throwing.request("p").cause().getMessage());
        assertEquals(0, throwing.running());
    }
}
