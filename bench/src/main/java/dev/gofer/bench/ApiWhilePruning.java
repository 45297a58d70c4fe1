package dev.gofer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * 14. {@code GET runs} p99 while run retention prunes a backlog of finished runs (100,000; --quick 10,000), each
 * with its task execution and log file ({@link Backlog}). Same client load as benchmark 6: 32 clients back to
 * back, alternating {@code GET run} (one of the runs kept) and {@code GET runs} (the first page of 50). The floor
 * is the same load on the same server and the same backlog just before pruning is switched on (retention is off
 * until the pipeline's config gets {@code keep_runs}), so the ratio is what pruning costs the API, not what the
 * machine's other work or the backlog's size costs. The windows cover a bounded part of the prune (the first 90 s;
 * --quick 30 s), not all of it: the prune rate over them says how long the whole backlog takes, and the count left
 * is reported. Only --quick, whose backlog goes in about a minute, waits for the end and checks that every row,
 * file and event went.
 */
final class ApiWhilePruning {
    /** The runs retention keeps: a full first page of 50 stays, before, during and after. */
    private static final int KEEP = 50;
    private static final long POLL_MS = 100;
    /** Retention's job ticks every second: the first deletion comes within a batch of it. */
    private static final long FIRST_DELETION_MS = 120_000;
    /** --quick only: the whole 10,000-run prune (about a minute at 200 runs/s). */
    private static final long COMPLETION_MS = 600_000;

    private ApiWhilePruning() {
    }

    static void run(Options options, Report report) throws Exception {
        int runs = options.pick(100_000, 10_000);
        int windows = 3;
        long windowMs = options.pick(5000, 2000);
        long measureMs = options.pick(90_000, 30_000);
        System.out.println("  seeding a backlog of " + runs + " finished runs...");
        long s0 = System.nanoTime();
        // retention off (no server keep_runs or run_retention, the pipeline has no keep_runs), its job every second
        try (GoferProcess gofer = Backlog.seed(options, runs, Map.of("GOFER_RUN_PRUNE_INTERVAL", "1"))) {
            double seedS = (System.nanoTime() - s0) / 1e9;
            String runsPath = GoferProcess.runs(Backlog.PIPELINE);
            AtomicLong expired = new AtomicLong(runs - KEEP);
            Thread watcher = watch(gofer, runsPath, runs, expired);
            try {
                java.util.function.IntFunction<String> path = n -> n % 2 == 0
                        ? runsPath + "/" + (runs - ThreadLocalRandom.current().nextInt(KEEP)) : runsPath;
                for (int w = 0; w < windows; w++) {
                    ApiUnderLoad.load(gofer, windowMs, path, 2); // warm-up, unmeasured: the server's JIT
                }
                List<Double> floorP99 = new ArrayList<>();
                List<Double> floorOneP99 = new ArrayList<>();
                for (int w = 0; w < windows; w++) {
                    List<List<Double>> mixed = ApiUnderLoad.load(gofer, windowMs, path, 2);
                    floorOneP99.add(Stats.of(mixed.get(0)).percentile(99));
                    floorP99.add(Stats.of(mixed.get(1)).percentile(99));
                }
                if (expired.get() != runs - KEEP) {
                    throw new IllegalStateException("runs were deleted before retention was switched on ("
                            + expired.get() + " left to delete of " + (runs - KEEP) + ")");
                }
                long on = System.nanoTime();
                gofer.deploy(Backlog.PIPELINE, Backlog.config(KEEP));
                // the job's next tick (at most a second away) starts the prune: the windows start with it
                awaitExpired(expired, runs - KEEP - 1, on, FIRST_DELETION_MS);
                long began = System.nanoTime();
                long leftAtStart = expired.get();
                List<Double> pruneP99 = new ArrayList<>();
                List<Double> pruneOneP99 = new ArrayList<>();
                int requests = 0;
                // a bounded part of the prune, not all of it: the rate says how long the whole backlog takes
                while ((System.nanoTime() - began) / 1_000_000 < measureMs && (expired.get() > 0 || pruneP99.isEmpty())) {
                    List<List<Double>> mixed = ApiUnderLoad.load(gofer, windowMs, path, 2);
                    // a window counts if pruning went on for all of it; the first one always (a prune shorter than a window)
                    if (expired.get() > 0 || pruneP99.isEmpty()) {
                        pruneOneP99.add(Stats.of(mixed.get(0)).percentile(99));
                        pruneP99.add(Stats.of(mixed.get(1)).percentile(99));
                        requests += mixed.get(0).size() + mixed.get(1).size();
                    }
                }
                double measuredS = (System.nanoTime() - began) / 1e9;
                long leftAtEnd = expired.get();
                double rate = (leftAtStart - leftAtEnd) / measuredS;
                int deleted = runs - KEEP;
                String size = String.format(Locale.ROOT, "%,d", runs);
                List<Double> ratios = new ArrayList<>();
                double floorMedian = Stats.of(floorP99).median();
                pruneP99.forEach(p -> ratios.add(p / floorMedian));
                report.add(Row.compared("API `GET runs` (list of 50) p99 while pruning a " + size + "-run backlog",
                        Stats.of(pruneP99), Stats.of(floorP99), Stats.of(ratios), Unit.MS, Row.Target.ratioAtMost(1.5),
                        "floor: the same load on the same backlog before pruning began (ratio: each window against the floor's median); 32 clients, "
                                + Math.round(requests / (pruneP99.size() * windowMs / 1000.0)) + " requests/s, "
                                + pruneP99.size() + " windows of " + windowMs / 1000.0 + " s over the first " + Math.round(measuredS)
                                + " s of pruning; `GET run` p99 " + Unit.MS.format(Stats.of(pruneOneP99).median())
                                + " (floor " + Unit.MS.format(Stats.of(floorOneP99).median()) + ")"));
                String rateNote = String.format(Locale.ROOT, "%,d runs deleted in the first %.0f s of pruning, while the API was under load;"
                        + " at that rate the %,d runs to delete take %.0f s; %,d left at the end of the window; backlog seeded in %.0f s",
                        leftAtStart - leftAtEnd, measuredS, deleted, deleted / rate, leftAtEnd, seedS);
                List<Double> afterP99 = new ArrayList<>();
                if (options.quick()) {
                    // small enough to see to the end: every row, file and event goes (the full backlog is left going)
                    awaitExpired(expired, 0, on, COMPLETION_MS);
                    double rowsS = (System.nanoTime() - began) / 1e9;
                    int dirsLeft = awaitLogDirs(Backlog.logsOf(gofer.dataDir), KEEP);
                    Left left = left(gofer.dataDir.resolve("gofer.db"));
                    rateNote += String.format(Locale.ROOT, "; the whole prune: rows in %.1f s (%.0f runs/s), left: %d runs, %d task executions,"
                            + " %d log directories, %d pending file removals; %d expired_run events",
                            rowsS, deleted / rowsS, left.runs, left.tasks, dirsLeft, left.pending, left.expiredEvents);
                    if (left.runs != KEEP || left.tasks != KEEP || dirsLeft != KEEP || left.pending != 0 || left.expiredEvents != deleted) {
                        throw new IllegalStateException("the prune did not complete: " + left + ", " + dirsLeft + " log directories");
                    }
                    // the same load once the backlog is gone: says how much of a difference is the machine's load drifting
                    for (int w = 0; w < windows; w++) {
                        afterP99.add(Stats.of(ApiUnderLoad.load(gofer, windowMs, path, 2).get(1)).percentile(99));
                    }
                }
                report.add(Row.absolute("Prune rate, " + size + "-run backlog (rows, task executions, log files, events)",
                        Stats.of(List.of(rate)), Unit.RUNS_PER_S, Row.Target.none(), rateNote));
                report.section("Benchmark 14, `GET runs` p99 per window of " + windowMs / 1000.0 + " s: before pruning "
                        + windowsText(floorP99) + "; while pruning " + windowsText(pruneP99)
                        + (afterP99.isEmpty() ? "" : "; after (" + KEEP + " runs left) " + windowsText(afterP99)) + ".");
            } finally {
                watcher.interrupt();
            }
        }
    }

    private static String windowsText(List<Double> p99s) {
        return String.join(", ", p99s.stream().map(Unit.MS::format).toList());
    }

    /**
     * Until interrupted, polls the oldest run and sets how many runs are left to delete ({@code runs - KEEP} before
     * the prune, 0 once only the kept ones are left): retention deletes from the oldest up, a batch at a time.
     */
    private static Thread watch(GoferProcess gofer, String runsPath, int runs, AtomicLong expired) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    JsonNode page = GoferProcess.JSON.readTree(gofer.get(runsPath + "?limit=1").body()).get("runs");
                    if (page != null && page.size() > 0) {
                        expired.set(Math.max(0, runs - KEEP + 1 - page.get(0).get("run_id").asLong()));
                    }
                    Thread.sleep(POLL_MS);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    System.err.println("  watching the prune: " + e);
                }
            }
        }, "prune-watcher");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Until at most {@code atMost} runs are left to delete (0: the prune is done), for at most {@code limitMs}. */
    private static void awaitExpired(AtomicLong expired, long atMost, long on, long limitMs) throws InterruptedException {
        while (expired.get() > atMost) {
            if (System.nanoTime() - on > limitMs * 1_000_000) {
                throw new IllegalStateException("the prune had not got there after " + limitMs / 1000 + " s (" + expired.get()
                        + " runs left to delete)");
            }
            Thread.sleep(POLL_MS / 2);
        }
    }

    /** Files go after their rows' commit: waits (at most 2 minutes) until only the kept runs' log directories are left. */
    private static int awaitLogDirs(Path logs, int keep) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            int n;
            try (Stream<Path> list = Files.list(logs)) {
                n = (int) list.count();
            }
            if (n <= keep || System.nanoTime() > deadline) {
                return n;
            }
            Thread.sleep(POLL_MS);
        }
    }

    private record Left(long runs, long tasks, long pending, long expiredEvents) {
    }

    /** Counted in the database (read-only, beside the server). */
    private static Left left(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro")) {
            return new Left(Backlog.count(c, "runs"), Backlog.count(c, "task_executions"),
                    Backlog.count(c, "pending_file_removals"), expiredEvents(c));
        }
    }

    private static long expiredEvents(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM events WHERE kind = 'expired_run'")) {
            return rs.getLong(1);
        }
    }
}
