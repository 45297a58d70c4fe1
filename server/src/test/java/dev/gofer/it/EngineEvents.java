package dev.gofer.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the Docker engine itself recorded: which task containers it created, read from {@code docker events}. */
final class EngineEvents {
    private EngineEvents() {
    }

    /** Seconds since the epoch as {@code docker events --since} takes them, taken before the runs of interest. */
    static String now() {
        long ms = System.currentTimeMillis() - 1_000; // the engine's clock and ours may differ a little
        return (ms / 1000) + "." + String.format("%03d", ms % 1000);
    }

    /** The {@code gofer.task} label of every container created since {@code since} carrying all {@code labels}. */
    static List<String> createdTasks(String since, String... labels) {
        List<String> cmd = new ArrayList<>(List.of("docker", "events", "--since", since, "--until", now2(),
                "--filter", "type=container", "--filter", "event=create",
                "--format", "{{index .Actor.Attributes \"gofer.task\"}}"));
        for (String label : labels) {
            cmd.add("--filter");
            cmd.add("label=" + label);
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("docker events failed: " + out);
            }
            return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static String now2() {
        long ms = System.currentTimeMillis() + 1_000;
        return (ms / 1000) + "." + String.format("%03d", ms % 1000);
    }
}
