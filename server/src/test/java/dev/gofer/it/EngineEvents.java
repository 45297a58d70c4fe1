package dev.gofer.it;

import dev.gofer.testing.Command;
import java.util.ArrayList;
import java.util.List;

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
        Command.Result r = Command.run(Command.DOCKER_BOUND, cmd);
        String out = r.output().trim();
        if (!r.ok()) {
            throw new AssertionError("docker events failed: " + out);
        }
        return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
    }

    private static String now2() {
        long ms = System.currentTimeMillis() + 1_000;
        return (ms / 1000) + "." + String.format("%03d", ms % 1000);
    }
}
