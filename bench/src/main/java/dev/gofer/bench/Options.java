package dev.gofer.bench;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Command line: {@code [--quick] [--only 1,4,8] [--footprint-runs N] [--out FILE] [--repo DIR]}. Full mode is sized
 * to finish in about 55 minutes on a 2-core machine (benchmarks 10–12 take 40 of them); {@code --quick} in about 15.
 */
record Options(boolean quick, Set<Integer> only, int footprintRuns, Path out, Path repo) {

    static Options parse(String[] args) {
        boolean quick = false;
        Set<Integer> only = new HashSet<>();
        Integer footprintRuns = null;
        Path out = null;
        Path repo = Path.of(".");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--only" -> {
                    for (String n : value(args, ++i, "--only").split(",")) {
                        only.add(Integer.parseInt(n.trim()));
                    }
                }
                case "--footprint-runs" -> footprintRuns = Integer.parseInt(value(args, ++i, "--footprint-runs"));
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--repo" -> repo = Path.of(value(args, ++i, "--repo"));
                case "-h", "--help" -> {
                    System.out.println("usage: bash bench/run.sh [--quick] [--only 1,4,8] [--footprint-runs N] [--out FILE]");
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option '" + args[i]
                        + "'; allowed: --quick, --only LIST, --footprint-runs N, --out FILE, --repo DIR");
            }
        }
        if (out == null) {
            // a quick run never overwrites the published results
            out = quick ? repo.resolve("bench/target/RESULTS-quick.md") : repo.resolve("bench/RESULTS.md");
        }
        return new Options(quick, only, footprintRuns != null ? footprintRuns : quick ? 100 : 1000, out, repo);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    boolean selected(int benchmark) {
        return only.isEmpty() || only.contains(benchmark);
    }

    /** Full count, or the quick one. */
    int pick(int full, int quickCount) {
        return quick ? quickCount : full;
    }

    Path jar() {
        return repo.resolve("cli/target/gofer.jar").toAbsolutePath();
    }

    /**
     * The JVM flags the {@code ./gofer} launcher starts the jar with, by the same rule, so the benchmarks measure
     * what users run: {@code GOFER_JAVA_OPTS} when set (split on spaces), else the argument file {@code jvm.options}.
     */
    java.util.List<String> jvmFlags() {
        String replaced = System.getenv("GOFER_JAVA_OPTS");
        if (replaced != null) {
            return java.util.Arrays.stream(replaced.trim().split("\\s+")).filter(f -> !f.isEmpty()).toList();
        }
        return java.util.List.of("@" + repo.resolve("jvm.options").toAbsolutePath());
    }

    /**
     * The stores benchmark 6 runs on: {@code GOFER_BENCH_API_STORES} (comma-separated, {@code sqlite} and/or
     * {@code postgres}), both when unset. One store alone takes half the time, for a profile of one of them.
     */
    java.util.Set<String> apiStores() {
        String chosen = System.getenv().getOrDefault("GOFER_BENCH_API_STORES", "sqlite,postgres");
        java.util.Set<String> stores = new java.util.TreeSet<>();
        for (String s : chosen.split(",")) {
            String store = s.trim().toLowerCase(java.util.Locale.ROOT);
            if (!store.equals("sqlite") && !store.equals("postgres")) {
                throw new IllegalArgumentException("GOFER_BENCH_API_STORES: unknown store '" + s.trim()
                        + "'; allowed: sqlite, postgres (comma-separated)");
            }
            stores.add(store);
        }
        return stores;
    }

    /** The flags as a reader sees them: the argument file's lines without comments, or GOFER_JAVA_OPTS. */
    String jvmFlagsShown() throws java.io.IOException {
        java.util.List<String> flags = new java.util.ArrayList<>();
        for (String f : jvmFlags()) {
            if (f.startsWith("@")) {
                java.nio.file.Files.readAllLines(Path.of(f.substring(1))).stream().map(String::trim)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(flags::add);
            } else {
                flags.add(f);
            }
        }
        return flags.isEmpty() ? "none" : String.join(" ", flags);
    }
}
