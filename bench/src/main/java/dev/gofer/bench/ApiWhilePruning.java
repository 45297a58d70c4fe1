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
 * machine's other work or the backlog's size costs. Also: how long the prune took, and what it left.
 */
final class ApiWhilePruning {
    /** The runs retention keeps: a full first page of 50 stays, before, during and after. */
    private static final int KEEP = 50;
    private static final long POLL_MS = 100;

    private ApiWhilePruning() {
    }

    static void run(Options options, Report report) throws Exception {
        int runs = options.pick(100_000, 10_000);
        int windows = 3;
        long windowMs = options.pick(5000, 2000);
        System.out.println("  seeding a backlog of " + runs + " finished runs...");
        long s0 = System.nanoTime();
        // retention off (no server keep_runs or run_retention, the pipeline has no keep_runs), its job every second
        try (GoferProcess gofer = Backlog.seed(options, runs, Map.of("GOFER_RUN_PRUNE_INTERVAL", "1"))) {
            double seedS = (System.nanoTime() - s0) / 1e9;
            String runsPath = GoferProcess.runs(Backlog.PIPELINE);
            AtomicLong expired = new AtomicLong(runs - KEEP);
            Thread watcher = watch(gofer, runsPath, expired);
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
                    throw new IllegalStateException("runs were deleted before retention was switched on (newest beyond "
                            + KEEP + " is " + expired.get() + ")");
                }
                long on = System.nanoTime();
                gofer.deploy(Backlog.PIPELINE, Backlog.config(KEEP));
                // the job's next tick (at most a second away) starts the prune: the windows start with it
                awaitExpired(expired, runs - KEEP - 1, on);
                long began = System.nanoTime();
                List<Double> pruneP99 = new ArrayList<>();
                List<Double> pruneOneP99 = new ArrayList<>();
                int requests = 0;
                while (expired.get() > 0 || pruneP99.isEmpty()) {
                    if (System.nanoTime() - on > 5_400_000_000_000L) {
                        throw new IllegalStateException("the prune had not finished after 90 minutes (" + expired.get() + " runs left to delete)");
                    }
                    List<List<Double>> mixed = ApiUnderLoad.load(gofer, windowMs, path, 2);
                    // a window counts if pruning went on for all of it; the first one always (a prune shorter than a window)
                    if (expired.get() > 0 || pruneP99.isEmpty()) {
                        pruneOneP99.add(Stats.of(mixed.get(0)).percentile(99));
                        pruneP99.add(Stats.of(mixed.get(1)).percentile(99));
                        requests += mixed.get(0).size() + mixed.get(1).size();
                    }
                }
                awaitExpired(expired, 0, on);
                double rowsS = (System.nanoTime() - began) / 1e9;
                int dirsLeft = awaitLogDirs(Backlog.logsOf(gofer.dataDir), KEEP);
                double pruneS = (System.nanoTime() - began) / 1e9;
                double sinceOn = (System.nanoTime() - on) / 1e9;
                Left left = left(gofer.dataDir.resolve("gofer.db"));
                // the same load once the backlog is gone: says how much of a difference is the machine's load drifting
                List<Double> afterP99 = new ArrayList<>();
                for (int w = 0; w < windows; w++) {
                    afterP99.add(Stats.of(ApiUnderLoad.load(gofer, windowMs, path, 2).get(1)).percentile(99));
                }
                List<Double> ratios = new ArrayList<>();
                double floorMedian = Stats.of(floorP99).median();
                pruneP99.forEach(p -> ratios.add(p / floorMedian));
                String size = String.format(Locale.ROOT, "%,d", runs);
                report.add(Row.compared("API `GET runs` (list of 50) p99 while pruning a " + size + "-run backlog",
                        Stats.of(pruneP99), Stats.of(floorP99), Stats.of(ratios), Unit.MS, Row.Target.ratioAtMost(1.5),
                        "floor: the same load on the same backlog before pruning began (ratio: each window against the floor's median); 32 clients, "
                                + Math.round(requests / (pruneP99.size() * windowMs / 1000.0)) + " requests/s, "
                                + pruneP99.size() + " windows of " + windowMs / 1000.0 + " s while pruning; `GET run` p99 "
                                + Unit.MS.format(Stats.of(pruneOneP99).median()) + " (floor " + Unit.MS.format(Stats.of(floorOneP99).median()) + ")"));
                int deleted = runs - KEEP;
                report.add(Row.absolute("Prune of " + size + " finished runs (rows, task executions, log files)",
                        Stats.of(List.of(deleted / pruneS)), Unit.RUNS_PER_S, Row.Target.none(),
                        String.format(Locale.ROOT, "%.1f s from the first deletion seen to the last log directory gone (rows: %.1f s; "
                                + "%.1f s from deploying keep_runs: %d); left: %d runs, %d task executions, %d log "
                                + "directories, %d pending file removals; %d expired_run events; backlog seeded in %.0f s",
                                pruneS, rowsS, sinceOn, KEEP, left.runs, left.tasks, dirsLeft, left.pending, left.expiredEvents, seedS)));
                report.section("Benchmark 14, `GET runs` p99 per window of " + windowMs / 1000.0 + " s: before pruning "
                        + windowsText(floorP99) + "; while pruning " + windowsText(pruneP99) + "; after (" + KEEP + " runs left) " + windowsText(afterP99) + ".");
                if (left.runs != KEEP || left.tasks != KEEP || dirsLeft != KEEP || left.pending != 0 || left.expiredEvents != deleted) {
                    throw new IllegalStateException("the prune did not complete: " + left + ", " + dirsLeft + " log directories");
                }
            } finally {
                watcher.interrupt();
            }
        }
    }

    private static String windowsText(List<Double> p99s) {
        return String.join(", ", p99s.stream().map(Unit.MS::format).toList());
    }

    /**
     * Until interrupted, polls the newest run beyond the {@link #KEEP} kept ones (0 once there is none): retention
     * deletes from there down, a batch at a time, so it falls from {@code runs - KEEP} to 0 as the prune goes.
     */
    private static Thread watch(GoferProcess gofer, String runsPath, AtomicLong expired) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    JsonNode page = GoferProcess.JSON.readTree(gofer.get(runsPath + "?reverse=true&limit=1&offset=" + KEEP).body()).get("runs");
                    if (page != null) {
                        expired.set(page.size() == 0 ? 0 : page.get(0).get("run_id").asLong());
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

    /** Until the newest run beyond the kept ones is {@code atMost} (0: none is left). */
    private static void awaitExpired(AtomicLong expired, long atMost, long on) throws InterruptedException {
        while (expired.get() > atMost) {
            if (System.nanoTime() - on > 5_400_000_000_000L) {
                throw new IllegalStateException("the prune had not finished after 90 minutes (" + expired.get() + " runs left to delete)");
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
