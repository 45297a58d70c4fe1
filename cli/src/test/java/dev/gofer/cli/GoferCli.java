package dev.gofer.cli;

import dev.gofer.testing.Command;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** Runs gofer commands in-process, the way a user would type them, and captures what they print. */
public final class GoferCli {
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    private final String host;
    private final java.nio.file.Path config;

    private GoferCli(String host, java.nio.file.Path config) {
        this.host = host;
        this.config = config;
    }

    /** Commands that need no server (or are pointed at one explicitly). */
    public static GoferCli offline() {
        return new GoferCli(null, null);
    }

    /**
     * Every command gets {@code --host <host> --config <config>} appended: the token lives in that (temporary)
     * config file, saved there by {@code gofer token bootstrap}, never in the real ~/.gofer.yaml.
     */
    public static GoferCli against(String host, java.nio.file.Path config) {
        return new GoferCli(host, config);
    }

    public Result run(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (host != null) {
            all.add("--host");
            all.add(host);
            all.add("--config");
            all.add(config.toString());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Gofer())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * Waits until the server of {@code dataDir} has removed every task container it started (it removes one once
     * the task's end is stored, which can trail the run's end a little), and fails naming them if it does not.
     */
    public static void awaitNoTaskContainers(java.nio.file.Path dataDir) throws Exception {
        String instance = dev.gofer.config.ServerSettings.forDataDir(dataDir, 0).instanceId();
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        String left;
        do {
            left = Command.docker("ps", "-a", "--format", "{{.Names}} {{.Status}}", "--filter", "label=gofer.instance=" + instance,
                    "--filter", "label=gofer.role=task");
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        } while (java.time.Instant.now().isBefore(deadline));
        throw new AssertionError("task containers left behind:\n" + left);
    }
}
