package dev.gofer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/** Reads a process's memory and CPU time from /proc. */
final class ProcStat {
    /** Linux reports utime/stime in clock ticks, USER_HZ = 100 everywhere that matters. */
    private static final double TICK_MS = 10.0;

    private ProcStat() {
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for pid " + pid);
    }

    /** Threads of the process now (native and Java). */
    static int threads(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no Threads for pid " + pid);
    }

    /** User + system CPU time used so far, ms. */
    static double cpuMs(long pid) throws IOException {
        return cpuMs(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    private static double cpuMs(String stat) {
        // the command name (field 2) may hold spaces: count fields after its closing parenthesis
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MS;
    }

    /**
     * CPU ms used so far by each kind of thread of a process: the JVM names its native threads (truncated to 15
     * characters by Linux), so numbered pools fold into one ("C2 CompilerThre", "vert.x-eventloo", "GC Thread").
     */
    static Map<String, Double> cpuMsByThreadKind(long pid) throws IOException {
        Map<String, Double> byKind = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    byKind.merge(name.replaceAll("[-#\\s]*\\d+$", ""), cpuMs(stat), Double::sum);
                } catch (IOException gone) {
                    // the thread ended while we looked
                }
            }
        }
        return byKind;
    }

    /** The pid of a running program by its exact name (e.g. dockerd), if there is one. */
    static OptionalLong pidOf(String name) throws IOException {
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (Files.readString(d.resolve("comm")).trim().equals(name)) {
                        return OptionalLong.of(Long.parseLong(d.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // exited while we looked
                }
            }
        }
        return OptionalLong.empty();
    }
}
