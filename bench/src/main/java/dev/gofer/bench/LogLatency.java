package dev.gofer.bench;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * 5. How long a printed line takes to reach a reader. The task prints a line every 10 ms stamped with its own
 * clock in microseconds ({@code adjtimex}: busybox {@code date} has no {@code %N}); containers share the host's
 * kernel clock, so arrival minus stamp is the true delay. Two readers follow the same container at once: the
 * HTTP follow endpoint ({@code GET .../logs?follow=true}) and, as the floor, a raw docker-java log follower.
 */
final class LogLatency {
    static final String PIPELINE = "logs";
    private static final String TASK = "printer";
    /** adjtimex's status flag for a clock that counts nanoseconds (linux/timex.h). */
    private static final int STA_NANO = 0x2000;

    static int lines(Context ctx) {
        return ctx.options().pick(500, 300);
    }

    static void deploy(Context ctx) throws Exception {
        // sleep 1 first: both readers attach before the first stamped line
        String script = "sleep 1; i=0; while [ $i -lt " + lines(ctx) + " ]; do t=$(adjtimex); "
                + "s=${t##*tv_sec:}; s=${s%%time.tv_usec*}; u=${t##*tv_usec:}; u=${u%%return*}; "
                + "f=${t##*status:}; f=${f%%[(]*}; echo L $i $s $u $f; i=$((i+1)); sleep 0.01; done";
        ctx.deploy(PIPELINE, List.of(Context.task(TASK, "sh", "-c", script)));
    }

    static void run(Context ctx) throws Exception {
        int reps = ctx.options().pick(3, 1);
        List<Double> goferP50 = new ArrayList<>();
        List<Double> floorP50 = new ArrayList<>();
        List<Double> goferP99 = new ArrayList<>();
        List<Double> floorP99 = new ArrayList<>();
        List<Double> ratioP50 = new ArrayList<>();
        List<Double> ratioP99 = new ArrayList<>();
        int counted = 0;
        for (int i = 0; i < reps; i++) {
            Delays d = once(ctx);
            Stats g = Stats.of(d.gofer);
            Stats f = Stats.of(d.floor);
            goferP50.add(g.percentile(50));
            floorP50.add(f.percentile(50));
            goferP99.add(g.percentile(99));
            floorP99.add(f.percentile(99));
            ratioP50.add(g.percentile(50) / f.percentile(50));
            ratioP99.add(g.percentile(99) / f.percentile(99));
            counted += d.gofer.size();
        }
        String note = counted + " lines, one every 10 ms; arrival at the reader minus the task's own µs stamp";
        ctx.report().add(Row.compared("Log latency p50 (HTTP follow)", Stats.of(goferP50), Stats.of(floorP50),
                Stats.of(ratioP50), Unit.MS, Row.Target.none(), note));
        ctx.report().add(Row.compared("Log latency p99 (HTTP follow)", Stats.of(goferP99), Stats.of(floorP99),
                Stats.of(ratioP99), Unit.MS, Row.Target.below(100, Unit.MS), "floor: docker-java log follower of the same container"));
    }

    private record Delays(List<Double> gofer, List<Double> floor) {
    }

    private static Delays once(Context ctx) throws Exception {
        long run = ctx.gofer().startRun(PIPELINE);
        Map<Integer, Long> goferArrival = new ConcurrentHashMap<>();
        Map<Integer, Long> floorArrival = new ConcurrentHashMap<>();
        Map<Integer, Long> stamps = new ConcurrentHashMap<>();

        // the raw follower needs the container: Gofer labels it with the run
        Map<String, String> labels = new java.util.HashMap<>(ctx.gofer().containerLabels());
        labels.put("gofer.pipeline", PIPELINE);
        labels.put("gofer.run", Long.toString(run));
        // running, not just created: the engine follows only a running container's log (a follow opened between
        // create and start ends at once, empty: a full run of 2026-12-02 failed here with the floor's reader at 0 lines)
        String container = await(() -> ctx.floor().findRunning(labels).stream().findFirst().orElse(null), "the task's running container");
        LineSplitter raw = new LineSplitter(floorArrival, stamps);
        Closeable floorFollow = ctx.floor().follow(container, raw::accept);

        String logs = GoferProcess.runs(PIPELINE) + "/" + run + "/tasks/" + TASK + "/logs?follow=true";
        HttpResponse<Stream<String>> res = await(() -> {
            HttpResponse<Stream<String>> r = ctx.gofer().http.send(ctx.gofer().request(logs).GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            return r.statusCode() == 200 ? r : null;
        }, "the follow endpoint");
        long attached = nowMicros();
        try (Stream<String> body = res.body()) {
            body.forEach(line -> record(line, nowMicros(), goferArrival, stamps));
        }
        ctx.events().awaitSuccess(PIPELINE, run, 120);
        floorFollow.close();

        List<Double> gofer = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        for (var e : stamps.entrySet()) {
            // lines printed before both readers were attached arrive as history: not a delay
            if (e.getValue() < attached + 50_000 || !goferArrival.containsKey(e.getKey()) || !floorArrival.containsKey(e.getKey())) {
                continue;
            }
            gofer.add((goferArrival.get(e.getKey()) - e.getValue()) / 1000.0);
            floor.add((floorArrival.get(e.getKey()) - e.getValue()) / 1000.0);
        }
        if (gofer.size() < lines(ctx) / 2) {
            throw new IllegalStateException("only " + gofer.size() + " of " + lines(ctx) + " lines reached both readers"
                    + " after the follow was attached (Gofer's reader got " + goferArrival.size() + ", the floor's "
                    + floorArrival.size() + "; stamps from " + (stamps.values().stream().min(Long::compare).orElse(0L) - attached)
                    + " to " + (stamps.values().stream().max(Long::compare).orElse(0L) - attached) + " µs after it)");
        }
        return new Delays(gofer, floor);
    }

    /** "L seq sec usec" → arrival and stamp (µs since the epoch). */
    private static void record(String line, long arrival, Map<Integer, Long> arrivals, Map<Integer, Long> stamps) {
        String[] f = line.trim().split("\\s+");
        if (f.length != 5 || !f[0].equals("L")) {
            return;
        }
        int seq = Integer.parseInt(f[1]);
        // a kernel clock in nanosecond mode (status flag STA_NANO) gives tv_usec in nanoseconds
        long fraction = (Integer.parseInt(f[4]) & STA_NANO) != 0 ? Long.parseLong(f[3]) / 1000 : Long.parseLong(f[3]);
        arrivals.put(seq, arrival);
        stamps.put(seq, Long.parseLong(f[2]) * 1_000_000 + fraction);
    }

    /** docker frames need not end at a line break: keep the tail until the rest arrives. */
    private static final class LineSplitter {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final Map<Integer, Long> arrivals;
        private final Map<Integer, Long> stamps;

        LineSplitter(Map<Integer, Long> arrivals, Map<Integer, Long> stamps) {
            this.arrivals = arrivals;
            this.stamps = stamps;
        }

        synchronized void accept(byte[] payload) {
            long now = nowMicros();
            for (byte b : payload) {
                if (b == '\n') {
                    record(pending.toString(), now, arrivals, stamps);
                    pending.reset();
                } else {
                    pending.write(b);
                }
            }
        }
    }

    static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    interface Attempt<T> {
        T get() throws Exception;
    }

    /** Retries every 10 ms for up to 30 s until the attempt gives something. */
    static <T> T await(Attempt<T> attempt, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            T value = attempt.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after 30 s");
            }
            Thread.sleep(10);
        }
    }
}
