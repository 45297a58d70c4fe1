package dev.gofer.bench;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the engine saw containers end: its {@code die} events (and {@code kill}, when it signalled them) for containers carrying some labels, with the engine's
 * own timestamp (wall-clock nanoseconds), so the moment a container ended is not blurred by how fast we hear of it.
 * Events since a second before the subscription are replayed, so a death that races the subscription is not lost.
 */
final class ContainerDeaths implements Closeable {
    private final Map<String, Long> diedEpochNanos = new ConcurrentHashMap<>();
    /** The first signal the engine sent each container (docker stop's SIGTERM, or a kill): when stopping began. */
    private final Map<String, Long> signalledEpochNanos = new ConcurrentHashMap<>();
    private final ResultCallback.Adapter<Event> callback;

    ContainerDeaths(Floor floor, Map<String, String> labels) {
        String since = Long.toString(System.currentTimeMillis() / 1000 - 1);
        callback = floor.docker().eventsCmd().withEventTypeFilter(EventType.CONTAINER).withEventFilter("die", "kill")
                .withLabelFilter(labels).withSince(since).exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Event e) {
                        long nanos = e.getTimeNano() != null ? e.getTimeNano() : e.getTime() * 1_000_000_000L;
                        ("die".equals(e.getAction()) ? diedEpochNanos : signalledEpochNanos).putIfAbsent(e.getId(), nanos);
                    }
                });
    }

    /**
     * Waits (polling every 20 ms, up to {@code timeoutMs}) until each of {@code ids} has died; returns the latest
     * death, epoch nanoseconds. Throws naming how many never ended.
     */
    long awaitAll(Collection<String> ids, long timeoutMs) throws InterruptedException {
        return latestOnceAll(diedEpochNanos, ids, timeoutMs, "containers");
    }

    /**
     * Waits (polling every 20 ms, up to {@code timeoutMs}) until {@code times} holds each of {@code ids}; returns
     * the latest of their times. Throws naming how many of the {@code what} never ended.
     */
    static long latestOnceAll(Map<String, Long> times, Collection<String> ids, long timeoutMs, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!times.keySet().containsAll(ids)) {
            if (System.nanoTime() > deadline) {
                long missing = ids.stream().filter(id -> !times.containsKey(id)).count();
                throw new IllegalStateException(missing + " of " + ids.size() + " " + what + " had not ended after " + timeoutMs + " ms");
            }
            Thread.sleep(20);
        }
        return ids.stream().mapToLong(times::get).max().orElseThrow();
    }

    /** The latest of the first signals sent to each of {@code ids} (epoch ns): when the last stop reached the engine. */
    long lastSignalled(Collection<String> ids) {
        return ids.stream().mapToLong(id -> signalledEpochNanos.getOrDefault(id, Long.MIN_VALUE)).max().orElseThrow();
    }

    static long epochNanosNow() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public void close() throws IOException {
        callback.close();
    }
}
