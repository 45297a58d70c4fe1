package dev.gofer.cli.image;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            // read before waiting: a full pipe would block the process
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String out(String... args) {
        return run(args).ok("docker " + String.join(" ", args)).output();
    }
}
