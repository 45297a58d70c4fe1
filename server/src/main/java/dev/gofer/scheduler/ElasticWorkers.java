package dev.gofer.scheduler;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs at most {@code max} pieces of work at once; more wait in arrival order. A thread is made only when no thread
 * is idle, and a thread idle for {@code idle} ends. A fixed pool (Vert.x's worker executors) starts a new thread for
 * every piece of work until it holds {@code max} and keeps them all for good: 256 parked container followers after
 * 256 containers, whatever the load since.
 *
 * <p>Threads are daemons: one still blocked on a container's log stream never holds the JVM up.
 */
final class ElasticWorkers implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticWorkers.class);

    private final Semaphore running;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final ThreadPoolExecutor threads;

    ElasticWorkers(String name, int max, Duration idle) {
        this.running = new Semaphore(max);
        AtomicInteger made = new AtomicInteger();
        // no queue of its own: work goes to an idle thread or to a new one; the semaphore bounds how many at once
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, idle.toMillis(), TimeUnit.MILLISECONDS,
                new SynchronousQueue<>(), work -> {
                    Thread t = new Thread(work, name + "-" + made.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public void execute(Runnable work) {
        waiting.add(work);
        startWaiting();
    }

    /** Threads alive now, busy or idle. */
    int threads() {
        return threads.getPoolSize();
    }

    /** Threads running work now. */
    int busy() {
        return threads.getActiveCount();
    }

    /** Takes no new work; what runs goes on until it returns. */
    void shutdown() {
        threads.shutdown();
    }

    /**
     * Starts waiting work while fewer than max run. Called after every add and every release, so no work waits
     * while a place is free.
     */
    private void startWaiting() {
        while (!waiting.isEmpty() && running.tryAcquire()) {
            Runnable next = waiting.poll();
            if (next == null) {
                running.release();
                continue;
            }
            threads.execute(() -> runThenTakeMore(next));
        }
    }

    /** Runs the work, then whatever waits, on this thread, until nothing waits; then frees its place. */
    private void runThenTakeMore(Runnable first) {
        for (Runnable work = first; work != null; work = waiting.poll()) {
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                LOG.error("work on {} failed", Thread.currentThread().getName(), e);
            }
        }
        running.release();
        startWaiting(); // added after this thread's last look
    }
}
