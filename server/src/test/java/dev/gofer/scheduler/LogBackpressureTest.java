package dev.gofer.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.bus.Bus;
import dev.gofer.bus.Bus.ContainerExited;
import dev.gofer.bus.Bus.LogChunk;
import dev.gofer.bus.Bus.StartContainer;
import dev.gofer.model.TaskKey;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A container printing faster than its log is stored: the scheduler hands the log verticle only a few chunks at a
 * time and waits for them to be stored, so no unbounded queue of output builds up on the event bus.
 */
class LogBackpressureTest {
    private static final int CHUNKS = 400;
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void chunksOnTheirWayToTheLogAreBoundedAndArriveInOrder() throws Exception {
        int mostUnanswered = runAndCollect(new FastPrinter(CHUNKS));
        assertTrue(mostUnanswered <= SchedulerVerticle.MAX_LOG_CHUNKS_IN_FLIGHT,
                "at most " + SchedulerVerticle.MAX_LOG_CHUNKS_IN_FLIGHT + " chunks unstored at once, saw " + mostUnanswered);
    }

    @Test
    void aLogStreamDockerEndsEarlyAtTheContainersExitIsReadAgainForTheRest() throws Exception {
        runAndCollect(new FastPrinter(CHUNKS / 3)); // the first read stops a third of the way; the log is whole
    }

    /** The same, followed without a thread: the read pauses instead of a thread waiting. */
    @Test
    void followedWithoutAThreadChunksAreBoundedAndArriveInOrder() throws Exception {
        PacedPrinter printer = new PacedPrinter(CHUNKS);
        int mostUnanswered = runAndCollect(printer);
        assertEquals(2, printer.streamedReads, "the log read as a stream, then read again whole, without a thread");
        assertTrue(mostUnanswered <= SchedulerVerticle.MAX_LOG_CHUNKS_IN_FLIGHT,
                "at most " + SchedulerVerticle.MAX_LOG_CHUNKS_IN_FLIGHT + " chunks unstored at once, saw " + mostUnanswered);
    }

    @Test
    void followedWithoutAThreadALogStreamEndedEarlyIsReadAgainForTheRest() throws Exception {
        runAndCollect(new PacedPrinter(CHUNKS / 3));
    }

    /** Runs a container of {@code printer}; checks every chunk arrived once, in order; returns the most unanswered at once. */
    private int runAndCollect(FastPrinter printer) throws Exception {
        Bus.registerCodecs(vertx);
        TaskKey task = new TaskKey("default", "p", 1, "t");
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int[] unanswered = {0, 0}; // now, most at once (both touched on the event loop only)
        vertx.eventBus().<LogChunk>consumer(Bus.APPEND_LOG, msg -> {
            received.writeBytes(msg.body().bytes());
            unanswered[1] = Math.max(unanswered[1], ++unanswered[0]);
            vertx.setTimer(1, id -> { // a log verticle slower than the container
                unanswered[0]--;
                msg.reply(null);
            });
        });
        vertx.eventBus().consumer(Bus.CLOSE_LOG, msg -> msg.reply(null));
        Promise<ContainerExited> exited = Promise.promise();
        vertx.eventBus().<ContainerExited>consumer(Bus.CONTAINER_EXITED, msg -> exited.tryComplete(msg.body()));

        vertx.deployVerticle(new SchedulerVerticle(printer)).compose(id ->
                vertx.eventBus().request(Bus.START_CONTAINER, new StartContainer(task, new ContainerSpec("c", "busybox:latest",
                        null, false, null, List.of("true"), Map.of(), Map.of())))).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertEquals(0, exited.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).exitCode());

        assertEquals(expectedOutput(), received.toString(), "every chunk, once, in order");
        return unanswered[1];
    }

    private static String expectedOutput() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < CHUNKS; i++) {
            sb.append("chunk ").append(i).append('\n');
        }
        return sb.toString();
    }

    /**
     * A container that prints {@link #CHUNKS} chunks as fast as it can, then exits 0. Its first log stream ends after
     * {@code firstRead} chunks, as Docker's sometimes does when the container exits while the reader is behind; a
     * later one replays the whole log.
     */
    private static class FastPrinter extends StubScheduler {
        private final int firstRead;
        private int reads;

        FastPrinter(int firstRead) {
            this.firstRead = firstRead;
        }

        @Override
        public String start(ContainerSpec spec) {
            return "c1";
        }

        @Override
        public void streamLogs(String containerId, LogSink sink) {
            int chunks = reads++ == 0 ? firstRead : CHUNKS;
            for (int i = 0; i < chunks; i++) {
                sink.accept(false, ("chunk " + i + "\n").getBytes());
            }
        }
    }

    /** {@link FastPrinter}'s output offered as a non-blocking stream would: the next chunk once the sink has room. */
    private static final class PacedPrinter extends FastPrinter {
        private final ExecutorService io = Executors.newSingleThreadExecutor();
        volatile int streamedReads;

        PacedPrinter(int firstRead) {
            super(firstRead);
        }

        @Override
        public Optional<StreamingFollow> streamingFollow() {
            return Optional.of(new StreamingFollow() {
                @Override
                public CompletableFuture<Integer> exitCode(String containerId) {
                    return CompletableFuture.completedFuture(0);
                }

                @Override
                public CompletableFuture<Void> logs(String containerId, PacedLogSink sink) {
                    streamedReads++;
                    List<byte[]> chunks = new ArrayList<>();
                    streamLogs(containerId, (stderr, bytes) -> chunks.add(bytes));
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    io.execute(() -> offerFrom(chunks, 0, sink, done));
                    return done;
                }
            });
        }

        private void offerFrom(List<byte[]> chunks, int next, StreamingFollow.PacedLogSink sink, CompletableFuture<Void> done) {
            for (int i = next; i < chunks.size(); i++) {
                CompletableFuture<Void> room = sink.offer(false, chunks.get(i)).toCompletableFuture();
                if (!room.isDone()) {
                    int after = i + 1;
                    room.thenRun(() -> io.execute(() -> offerFrom(chunks, after, sink, done)));
                    return;
                }
            }
            done.complete(null);
        }
    }
}
