package dev.gofer.cli.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gofer.sdk.config.PipelineConfig;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Java pipeline file with the JDK's source launcher ({@code java File.java}) against the SDK on this
 * program's own classpath. Its stdout is the pipeline as JSON; its stderr is passed through as progress.
 */
final class JavaPipelineProgram {
    private static final int TAIL_LINES = 15;
    private static final long TIMEOUT_MINUTES = 5;

    private JavaPipelineProgram() {
    }

    static String run(Path file, PrintWriter progress) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-cp", classpath(), file.toString());
        Process process;
        try {
            process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + java + " to run " + file + ": " + e.getMessage(), e);
        }

        Deque<String> tail = new ArrayDeque<>();
        Thread stderrPump = new Thread(() -> pump(process, progress, tail), "java-pipeline-stderr");
        stderrPump.setDaemon(true);
        stderrPump.start();
        String stdout;
        try {
            stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(file + " did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            stderrPump.join(TimeUnit.SECONDS.toMillis(10));
        } catch (IOException e) {
            process.destroyForcibly();
            throw new IllegalStateException("reading the output of " + file + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + file, e);
        }

        if (process.exitValue() != 0) {
            String lines;
            synchronized (tail) {
                lines = String.join(System.lineSeparator() + "  ", tail);
            }
            throw new IllegalArgumentException("running pipeline program " + file + " failed (exit code "
                    + process.exitValue() + ")" + (lines.isEmpty() ? "" : "; last lines of its stderr:"
                    + System.lineSeparator() + "  " + lines));
        }
        if (stdout.isBlank()) {
            throw new IllegalArgumentException(file + " printed nothing on stdout; a Java pipeline file must end with"
                    + " PipelineConfig.builder(...)...finish(), which prints the pipeline as JSON");
        }
        return stdout;
    }

    private static void pump(Process process, PrintWriter progress, Deque<String> tail) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                progress.println(line);
                progress.flush();
                synchronized (tail) {
                    if (tail.size() == TAIL_LINES) {
                        tail.removeFirst();
                    }
                    tail.addLast(line);
                }
            }
        } catch (IOException ignored) {
            // the process went away; its exit code tells the story
        }
    }

    /**
     * This program's classpath (in the fat jar that is the jar itself), plus the jars holding the SDK and Jackson in
     * case the classpath is indirect (e.g. a manifest-only jar when run under a test runner).
     */
    static String classpath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(entry);
            }
        }
        for (Class<?> type : new Class<?>[] {PipelineConfig.class, ObjectMapper.class, JsonFactory.class, JsonProperty.class}) {
            try {
                var source = type.getProtectionDomain().getCodeSource();
                if (source != null && source.getLocation() != null) {
                    entries.add(Path.of(source.getLocation().toURI()).toString());
                }
            } catch (Exception ignored) {
                // not a file location; the classpath above has to do
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
