package dev.gofer.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of the server process (started and stopped through jcmd, so the server runs without flags
 * otherwise), summarised as: which part of the code the CPU samples fall in, and the hottest methods.
 */
final class Profile {
    private final GoferProcess gofer;
    private final Path file;

    private Profile(GoferProcess gofer, Path file) {
        this.gofer = gofer;
        this.file = file;
    }

    static Profile start(GoferProcess gofer, Path file) throws IOException, InterruptedException {
        gofer.jcmd("JFR.start", "name=bench", "settings=profile");
        return new Profile(gofer, file);
    }

    String stopAndSummarise() throws IOException, InterruptedException {
        gofer.jcmd("JFR.stop", "name=bench", "filename=" + file);
        Map<String, Integer> areas = new HashMap<>();
        Map<String, Integer> methods = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            RecordedFrame top = frames.get(0);
            methods.merge(name(top), 1, Integer::sum);
            areas.merge(area(frames), 1, Integer::sum);
        }
        if (samples == 0) {
            return "No CPU samples were recorded (recording: `" + file + "`).\n";
        }
        int total = samples;
        StringBuilder md = new StringBuilder("JFR CPU samples of the server (" + total + " `jdk.ExecutionSample`s, recording `"
                + file.getFileName() + "`; `jfr print --events jdk.ExecutionSample` shows them), by the first frame "
                + "outside the JDK on the sampled stack:\n\n| area | share |\n|---|---|\n");
        sortedDesc(areas).forEach(a -> md.append("| ").append(a.getKey()).append(" | ").append(pct(a.getValue(), total)).append(" |\n"));
        md.append("\nHottest methods (top frame):\n\n| method | share |\n|---|---|\n");
        sortedDesc(methods).stream().limit(10).forEach(m -> md.append("| `").append(m.getKey()).append("` | ")
                .append(pct(m.getValue(), total)).append(" |\n"));
        return md.toString();
    }

    /** The code a sample is working for: the first frame that is not the JDK itself. */
    private static String area(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String cls = f.getMethod().getType().getName();
            if (cls.startsWith("java.") || cls.startsWith("javax.") || cls.startsWith("jdk.") || cls.startsWith("sun.")) {
                continue;
            }
            if (cls.startsWith("dev.gofer.")) {
                return "Gofer (" + cls.substring("dev.gofer.".length()).replaceAll("\\..*", "") + ")";
            }
            if (cls.startsWith("com.github.dockerjava.") || cls.startsWith("org.apache.hc.")) {
                return "docker-java client (HTTP to the engine)";
            }
            if (cls.startsWith("com.fasterxml.")) {
                return "Jackson (JSON)";
            }
            if (cls.startsWith("io.netty.") || cls.startsWith("io.vertx.core.")) {
                return "Vert.x core / Netty (event loop, HTTP, event bus)";
            }
            if (cls.startsWith("io.vertx.")) {
                return "Vert.x modules (web, SQL client)";
            }
            if (cls.startsWith("org.sqlite.")) {
                return "SQLite JDBC";
            }
            return "other libraries (" + cls.replaceAll("^((?:[^.]+\\.){2}).*", "$1") + "…)";
        }
        return "JDK only (GC helpers, compiler, JDK threads)";
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static List<Map.Entry<String, Integer>> sortedDesc(Map<String, Integer> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .collect(Collectors.toList());
    }

    private static String pct(int n, int total) {
        return String.format(Locale.ROOT, "%.0f%%", 100.0 * n / total);
    }
}
