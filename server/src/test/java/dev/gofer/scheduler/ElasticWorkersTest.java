package dev.gofer.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The container followers' threads: made only when none is idle, bounded, and gone once idle. */
class ElasticWorkersTest {
    private static final long WAIT_SECONDS = 30;

    @Test
    void workDoneOneAfterAnotherReusesOneThread() throws Exception {
        ElasticWorkers workers = new ElasticWorkers("reuse", 256, Duration.ofSeconds(60));
        Set<String> names = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 50; i++) {
            CountDownLatch done = new CountDownLatch(1);
            Thread[] ranOn = new Thread[1];
            workers.execute(() -> {
                names.add(Thread.currentThread().getName());
                ranOn[0] = Thread.currentThread();
                done.countDown();
            });
            assertTrue(done.await(WAIT_SECONDS, TimeUnit.SECONDS));
            // the thread is back waiting for work before the next piece comes: parked with the idle timeout, not
            // merely done with the work (busy() drops to 0 a moment before it waits again)
            awaitParked(ranOn[0]);
        }
        assertEquals(1, names.size(), "a fixed pool would have made 50 threads: " + names);
        workers.shutdown();
    }

    @Test
    void atMostMaxRunAtOnceAndTheRestRunInArrivalOrder() throws Exception {
        ElasticWorkers workers = new ElasticWorkers("bounded", 2, Duration.ofSeconds(60));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch twoRunning = new CountDownLatch(2);
        AtomicInteger atOnce = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> order = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(6);
        for (int i = 0; i < 6; i++) {
            int n = i;
            workers.execute(() -> {
                most.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
                order.add(n);
                twoRunning.countDown();
                try {
                    release.await(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                atOnce.decrementAndGet();
                all.countDown();
            });
        }
        assertTrue(twoRunning.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(2, order.size(), "two run, four wait: " + order);
        release.countDown();
        assertTrue(all.await(WAIT_SECONDS, TimeUnit.SECONDS), "every piece of work ran");
        assertEquals(2, most.get());
        // two threads take the waiting ones in turn, so which of two neighbours *starts* first is a race
        assertEquals(Set.of(2, 3, 4, 5), Set.copyOf(order.subList(2, 6)), "the waiting ones ran once the first two ended");
        assertTrue(workers.threads() <= 3, "threads: " + workers.threads());
        workers.shutdown();
    }

    @Test
    void waitingWorkRunsInArrivalOrder() throws Exception {
        ElasticWorkers workers = new ElasticWorkers("ordered", 1, Duration.ofSeconds(60));
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> order = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(5);
        for (int i = 0; i < 5; i++) {
            int n = i;
            workers.execute(() -> {
                order.add(n);
                try {
                    release.await(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                all.countDown();
            });
        }
        release.countDown();
        assertTrue(all.await(WAIT_SECONDS, TimeUnit.SECONDS), "every piece of work ran");
        assertEquals(List.of(0, 1, 2, 3, 4), order, "one thread takes the queue in arrival order");
        workers.shutdown();
    }

    @Test
    void threadsEndOnceIdle() throws Exception {
        ElasticWorkers workers = new ElasticWorkers("idle", 256, Duration.ofMillis(200));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(20);
        for (int i = 0; i < 20; i++) {
            workers.execute(() -> {
                started.countDown();
                try {
                    release.await(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertTrue(started.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(20, workers.threads(), "20 at once need 20 threads");
        release.countDown();
        Instant end = Instant.now().plusSeconds(WAIT_SECONDS);
        while (workers.threads() > 0 && Instant.now().isBefore(end)) {
            Thread.sleep(20); // poll interval; the deadline bounds the wait
        }
        assertEquals(0, workers.threads(), "idle threads end");
        CountDownLatch again = new CountDownLatch(1);
        workers.execute(again::countDown);
        assertTrue(again.await(WAIT_SECONDS, TimeUnit.SECONDS), "and new work still gets a thread");
        workers.shutdown();
    }

    private static void awaitParked(Thread thread) throws InterruptedException {
        Instant end = Instant.now().plusSeconds(WAIT_SECONDS);
        while (thread.getState() != Thread.State.TIMED_WAITING && Instant.now().isBefore(end)) {
            Thread.sleep(1); // poll interval; the deadline bounds the wait
        }
    }
}
