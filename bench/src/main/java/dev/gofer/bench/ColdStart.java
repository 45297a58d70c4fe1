package dev.gofer.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * 7. Cold start: a fresh process on a new data dir until {@code GET /api/system/metadata} answers, beside the same
 * program doing the least it can ({@code --version}: JVM start, class loading, picocli). Measured twice: as users
 * start it with the {@code ./gofer} launcher once it has built its class-data archive (every start after the
 * first), and the first-ever start, a plain {@code java <launcher flags> -jar} with no archive.
 */
final class ColdStart {
    private ColdStart() {
    }

    static void run(Options options, Report report) throws Exception {
        int reps = options.pick(5, 2);
        Path cache = Files.createTempDirectory("gofer-bench-cds");
        try {
            List<String> launcher = List.of("bash", options.repo().resolve("gofer").toAbsolutePath().toString());
            Map<String, String> env = Map.of("GOFER_CACHE_DIR", cache.toString());
            double trainingMs = buildArchive(options.jar(), launcher, env, cache);
            Samples withArchive = measure(reps, launcher, env);
            report.add(Row.compared("Cold start through ./gofer (class-data archive present)", Stats.of(withArchive.gofer),
                    Stats.of(withArchive.floor), Stats.of(withArchive.ratio), Unit.MS, Row.Target.below(1500, Unit.MS),
                    "`./gofer service start` on a new data dir → first answered request, with the archive the launcher builds"
                            + " on its first use (that once took " + Unit.MS.format(trainingMs) + ": a training start);"
                            + " floor: `./gofer --version`, same archive"));
        } finally {
            GoferProcess.deleteTree(cache);
        }
        Samples first = measure(reps, GoferProcess.javaCommand(options.jar(), options.jvmFlags()), Map.of());
        report.add(Row.compared("Cold start, first ever (no class-data archive)", Stats.of(first.gofer), Stats.of(first.floor),
                Stats.of(first.ratio), Unit.MS, Row.Target.none(),
                "`java <launcher flags> -jar gofer.jar service start` on a new data dir → first answered request;"
                        + " floor: the same `--version`"));
    }

    record Samples(List<Double> gofer, List<Double> floor, List<Double> ratio) {
    }

    private static Samples measure(int reps, List<String> command, Map<String, String> env) throws Exception {
        Samples s = new Samples(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < reps; i++) {
            double g;
            try (GoferProcess p = GoferProcess.launch(command, env)) {
                g = Floor.ms(p.answeredNanos - p.startedNanos);
            }
            double f = versionMs(command, env);
            s.gofer.add(g);
            s.floor.add(f);
            s.ratio.add(g / f);
        }
        return s;
    }

    /** The launcher's first use: it builds the archive, then runs the command. Returns how long that took. */
    private static double buildArchive(Path jar, List<String> launcher, Map<String, String> env, Path cache) throws Exception {
        FileTime built = Files.getLastModifiedTime(jar);
        double ms = versionMs(launcher, env);
        if (!Files.getLastModifiedTime(jar).equals(built)) {
            throw new IllegalStateException("./gofer rebuilt " + jar + " (sources newer than the jar): run bench/run.sh with its build");
        }
        try (var files = Files.list(cache)) {
            if (files.noneMatch(f -> f.getFileName().toString().endsWith(".jsa"))) {
                throw new IllegalStateException("./gofer built no class-data archive in " + cache);
            }
        }
        return ms;
    }

    private static double versionMs(List<String> command, Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>(command);
        cmd.add("--version");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed");
        }
        return Floor.ms(System.nanoTime() - t0);
    }
}
