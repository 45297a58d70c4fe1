package dev.gofer.cli.image;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.testing.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The docker CLI, as a user types it: output and exit code of one command. */
final class Docker {
    record Result(int exitCode, String output) {
        Result ok(String what) {
            assertTrue(exitCode == 0, what + " failed (exit " + exitCode + "):\n" + output);
            return this;
        }
    }

    private Docker() {
    }

    static Result run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        return exec(cmd, 300);
    }

    static Result exec(List<String> cmd, int timeoutSeconds) {
        Command.Result r = Command.run(Duration.ofSeconds(timeoutSeconds), cmd);
        return new Result(r.exitCode(), r.output().trim());
    }

    static String out(String... args) {
        return run(args).ok("docker " + String.join(" ", args)).output();
    }
}
