package dev.gofer.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs the benchmarks against a packaged Gofer server and the raw Docker floor, prints the table and writes it
 * to bench/RESULTS.md. Start it with {@code bash bench/run.sh [--quick]}. A missed target is reported, never an
 * error; the exit code is non-zero only when a benchmark could not run.
 */
public final class Bench {
    static final String DOCKER_HOST = "unix:///var/run/docker.sock";
    /** The benchmarks run against the one server {@link #againstServer} starts. */
    private static final Set<Integer> SHARED_SERVER = Set.of(1, 2, 3, 4, 5, 7, 10, 11, 12);

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Report report = new Report();
        List<String> failures = new ArrayList<>();
        try (Floor floor = new Floor(DOCKER_HOST)) {
            header(report, options, floor);
            if (options.only().isEmpty() || options.only().stream().anyMatch(SHARED_SERVER::contains)) {
                againstServer(options, floor, report, failures);
            }
            if (options.selected(7)) {
                attempt(failures, "7 (cold start)", () -> ColdStart.run(options, report));
            }
            if (options.selected(8)) {
                attempt(failures, "8 (DAG evaluation)", () -> DagEvaluation.run(options, report));
            }
            if (options.selected(9)) {
                attempt(failures, "9 (object throughput)", () -> ObjectThroughput.run(options, report));
            }
            if (options.selected(13)) {
                attempt(failures, "13 (Kubernetes scheduler against the mock)", () -> KubernetesOverhead.run(options, report, DOCKER_HOST));
            }
            if (options.selected(14)) {
                attempt(failures, "14 (GET runs while pruning)", () -> ApiWhilePruning.run(options, report));
            }
            // last: its cleanup ends ~1,200 containers at once, which can wedge Docker 20.10 (moby/moby#46661), and
            // every later call to the engine would hang with it
            if (options.selected(6)) {
                if (options.apiStores().contains("sqlite")) {
                    attempt(failures, "6 (API under load, SQLite)", () -> ApiUnderLoad.onSqlite(options, floor, report));
                }
                if (options.apiStores().contains("postgres")) {
                    attempt(failures, "6 (API under load, PostgreSQL)", () -> ApiUnderLoad.onPostgres(options, floor, report));
                }
            }
        }
        failures.forEach(report::section);
        Files.createDirectories(options.out().toAbsolutePath().getParent());
        report.write(options.out());
        if (!failures.isEmpty()) {
            System.exit(1);
        }
    }

    /** Benchmarks 1–5, 7 and 10–12 share one server process, started here and torn down with every container it made. */
    private static void againstServer(Options options, Floor floor, Report report, List<String> failures) throws Exception {
        System.out.println("starting " + options.jar());
        GoferProcess gofer = GoferProcess.start(options.jar(), options.jvmFlags());
        Thread cleanup = new Thread(() -> tearDown(gofer, floor));
        Runtime.getRuntime().addShutdownHook(cleanup); // Ctrl-C leaves no process or container behind
        try (EventStream events = new EventStream(withToken(gofer))) {
            Context ctx = new Context(gofer, events, floor, options, report);
            Footprint.Idle idle = Footprint.idle(gofer);
            SingleTask.deploy(ctx);
            Chain.deploy(ctx);
            FanOut.deploy(ctx);
            LogLatency.deploy(ctx);
            Footprint.deploy(ctx);
            CancelLatency.deploy(ctx);
            EventDelivery.deploy(ctx);
            // warm-up, unmeasured: the server's JIT, the engine's caches
            for (int i = 0; i < 2; i++) {
                ctx.timedRun(SingleTask.PIPELINE, 120);
                floor.roundTrip("true");
            }
            if (options.selected(1)) {
                attempt(failures, "1 (single task)", () -> SingleTask.run(ctx));
            }
            if (options.selected(2)) {
                attempt(failures, "2 (chain)", () -> Chain.run(ctx));
            }
            if (options.selected(3)) {
                attempt(failures, "3 (fan-out)", () -> FanOut.run(ctx));
            }
            if (options.selected(4)) {
                attempt(failures, "4 (saturation)", () -> Saturation.run(ctx));
            }
            if (options.selected(5)) {
                attempt(failures, "5 (log latency)", () -> LogLatency.run(ctx));
            }
            if (options.selected(7)) {
                attempt(failures, "7 (memory)", () -> Footprint.afterRuns(ctx, idle));
            }
            // after the memory figure, so that row measures the same runs as before these existed
            if (options.selected(10)) {
                attempt(failures, "10a (drain)", () -> Drain.run(ctx));
                attempt(failures, "10b (rising load)", () -> RisingLoad.run(ctx));
            }
            if (options.selected(11)) {
                attempt(failures, "11 (cancel latency)", () -> CancelLatency.run(ctx));
            }
            if (options.selected(12)) {
                attempt(failures, "12 (event stream delivery)", () -> EventDelivery.run(ctx));
            }
        } finally {
            tearDown(gofer, floor);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    private static GoferProcess withToken(GoferProcess gofer) throws Exception {
        gofer.bootstrap();
        return gofer;
    }

    static void tearDown(GoferProcess gofer, Floor floor) {
        try {
            gofer.close();
            // the server leaves task containers running on SIGTERM (shutdown_mode=leave): they go too
            int left = floor.removeAll(gofer.containerLabels()) + floor.removeAll(Floor.LABEL);
            if (left > 0) {
                System.out.println("removed " + left + " leftover containers");
            }
        } catch (Exception e) {
            System.err.println("cleanup failed: " + e);
        }
    }

    interface Step {
        void run() throws Exception;
    }

    /**
     * A benchmark whose rows were measured and reported, but whose cleanup afterwards failed (the engine may be wedged:
     * later benchmarks' figures would not be valid).
     */
    static final class CleanupFailed extends Exception {
        CleanupFailed(String message) {
            super(message);
        }
    }

    /** Runs one benchmark; a failure is recorded (as a line of the report) and the others still run. */
    private static void attempt(List<String> failures, String name, Step step) {
        System.out.println("benchmark " + name + "...");
        long t0 = System.nanoTime();
        try {
            step.run();
            System.out.printf(Locale.ROOT, "benchmark %s took %.0f s%n", name, Floor.ms(System.nanoTime() - t0) / 1000);
        } catch (CleanupFailed e) {
            e.printStackTrace();
            failures.add("**Measured, then its cleanup failed:** benchmark " + name + ": " + e.getMessage());
        } catch (Exception e) {
            e.printStackTrace();
            failures.add("**Not measured:** benchmark " + name + ": " + e);
        }
    }

    private static void header(Report report, Options options, Floor floor) throws Exception {
        String mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GB").findFirst().orElse("?");
        report.header("Date: " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME));
        report.header("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + mem + " memory, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        report.header("Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        report.header("Docker engine: " + floor.serverVersion() + "; image " + Floor.IMAGE);
        report.header("Server JVM flags (the `./gofer` launcher's, from jvm.options or GOFER_JAVA_OPTS): `" + options.jvmFlagsShown() + "`");
        report.header("Mode: " + (options.quick() ? "--quick (fewer repetitions, smaller counts)" : "full")
                + "; command: `bash bench/run.sh" + (options.quick() ? " --quick" : "") + "`");
    }
}
