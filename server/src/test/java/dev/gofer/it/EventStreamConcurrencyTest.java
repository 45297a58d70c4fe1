package dev.gofer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Many writers at once (concurrent transactions on several API event loops and, on PostgreSQL, several connections):
 * every subscriber gets every stored event exactly once, in id order, whether it was live before the burst,
 * replayed history first, or resumed mid-burst from an id (Last-Event-ID).
 */
class EventStreamConcurrencyTest {
    private static final int WRITES = 300;
    private static final int WRITERS = 32;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void everySubscriberGetsEveryStoredEventOnceInIdOrderDuringAConcurrentBurst() throws Exception {
        GoferTestServer.requireDocker();
        try (GoferTestServer gofer = GoferTestServer.start()) {
            String before = last(EventStreamTest.finite(gofer, "?history=true&follow=false")).getString("id");
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            try (EventStream live = EventStream.open(gofer, "");
                 EventStream withHistory = EventStream.open(gofer, "?from=" + before)) {
                CountDownLatch halfway = new CountDownLatch(WRITES / 3);
                List<Future<Integer>> writes = new ArrayList<>();
                for (int i = 0; i < WRITES; i++) {
                    String body = new JsonObject().put("id", "burst-" + i).encode();
                    writes.add(pool.submit(() -> {
                        try {
                            return gofer.post("/api/namespaces", body).status();
                        } finally {
                            halfway.countDown();
                        }
                    }));
                }
                halfway.await();
                List<JsonObject> liveSeen = new ArrayList<>();
                liveSeen.add(live.next(DEADLINE)); // the resuming subscriber starts after an event the live one already has
                String resumeAfter = liveSeen.get(0).getString("id");
                try (EventStream resumed = EventStream.openResuming(gofer, resumeAfter)) {
                    for (Future<Integer> w : writes) {
                        assertEquals(201, w.get());
                    }
                    List<JsonObject> stored = EventStreamTest.finite(gofer, "?from=" + before + "&follow=false");
                    assertEquals(WRITES, stored.size(), "every write stored one created_namespace event");
                    String newest = last(stored).getString("id");

                    liveSeen.addAll(until(live, newest));
                    assertEquals(ids(stored), ids(liveSeen), "the live subscriber: every stored event once, in id order");
                    assertEquals(ids(stored), ids(until(withHistory, newest)), "replay then live: every stored event once, in id order");
                    List<String> afterResume = ids(stored).subList(1, stored.size());
                    assertEquals(afterResume, ids(until(resumed, newest)), "resumed mid-burst: every event after its id once, in id order");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Events from the stream up to and including {@code newest}; fails on a deadline if it never arrives. */
    private static List<JsonObject> until(EventStream stream, String newest) throws InterruptedException {
        List<JsonObject> out = new ArrayList<>();
        JsonObject e;
        do {
            try {
                e = stream.next(DEADLINE);
            } catch (AssertionError timeout) {
                throw new AssertionError("the stream stopped after " + out.size() + " events, before " + newest + ": " + ids(out), timeout);
            }
            out.add(e);
        } while (e.getString("id").compareTo(newest) < 0);
        return out;
    }

    private static List<String> ids(List<JsonObject> events) {
        return events.stream().map(e -> e.getString("id")).toList();
    }

    private static JsonObject last(List<JsonObject> events) {
        return events.get(events.size() - 1);
    }
}
