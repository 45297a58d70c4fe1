package dev.gofer.bench;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The engine's own timestamps (wall-clock ns, from {@code docker events}) of each container's {@code create} and
 * {@code die}, with the container's labels. They split a run's time at the engine's segments: from
 * the create event to the die event is the engine starting the container and the container running, which vary by
 * ±50 ms between two round trips and are the same work for Gofer and for the floor.
 */
final class EngineTimeline implements Closeable {
    /** One container's engine events, epoch ns. */
    record Marks(long created, long died) {
        /** The time of a round trip from {@code fromEpochNanos} to {@code toEpochNanos} outside create → die, ms. */
        double outsideMs(long fromEpochNanos, long toEpochNanos) {
            return Floor.ms((created - fromEpochNanos) + (toEpochNanos - died));
        }
    }

    private final Map<String, Map<String, Long>> times = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> labels = new ConcurrentHashMap<>();
    private final ResultCallback.Adapter<Event> callback;

    EngineTimeline(Floor floor) {
        String since = Long.toString(System.currentTimeMillis() / 1000 - 1);
        callback = floor.docker().eventsCmd().withEventTypeFilter(EventType.CONTAINER).withEventFilter("create", "die")
                .withSince(since).exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Event e) {
                        long nanos = e.getTimeNano() != null ? e.getTimeNano() : e.getTime() * 1_000_000_000L;
                        times.computeIfAbsent(e.getId(), id -> new ConcurrentHashMap<>()).putIfAbsent(e.getAction(), nanos);
                        if (e.getActor() != null && e.getActor().getAttributes() != null) {
                            labels.putIfAbsent(e.getId(), Map.copyOf(e.getActor().getAttributes()));
                        }
                    }
                });
    }

    /** The marks of the container with this id; waits (polling every 5 ms, up to 10 s) until both are in. */
    Marks of(String containerId) throws InterruptedException {
        return await(id -> id.equals(containerId), containerId);
    }

    /** The marks of the one container whose labels include all of {@code wanted}; waits as {@link #of}. */
    Marks labelled(Map<String, String> wanted) throws InterruptedException {
        return await(id -> labels.getOrDefault(id, Map.of()).entrySet().containsAll(wanted.entrySet()), wanted.toString());
    }

    private Marks await(Predicate<String> which, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            for (Map.Entry<String, Map<String, Long>> c : times.entrySet()) {
                Map<String, Long> t = c.getValue();
                if (which.test(c.getKey()) && t.containsKey("create") && t.containsKey("die")) {
                    return new Marks(t.get("create"), t.get("die"));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the engine's create and die events of " + what + " did not all arrive in 10 s");
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() throws IOException {
        callback.close();
    }
}
