package dev.gofer.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An external program a test runs (docker, psql...), always with a bound: one that has not finished in time is
 * killed and the test fails naming it. Its output goes to a file and is read after it ends, so no test waits on a
 * pipe that never closes (a CI run once hung for an hour on {@code docker rm} against a wedged engine, where
 * JUnit's timeout could not interrupt the read).
 */
public final class Command {
    /** Enough for any docker CLI call on a busy machine; a healthy engine answers in well under a second. */
    public static final Duration DOCKER_BOUND = Duration.ofSeconds(60);

    /** What the program printed (stdout and stderr, in order) and how it exited. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private Command() {
    }

    public static Result run(Duration bound, String... cmd) {
        return run(bound, List.of(cmd));
    }

    public static Result run(Duration bound, List<String> cmd) {
        Path out = null;
        try {
            out = Files.createTempFile("gofer-test-command", ".out");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("`" + String.join(" ", cmd) + "` did not finish within " + (bound.toMillis() % 1000 == 0
                        ? bound.toSeconds() + " s" : bound.toMillis() + " ms") + " (killed); printed so far:\n" + Files.readString(out, StandardCharsets.UTF_8)
                        + (cmd.get(0).equals("docker") ? "\nIs the Docker engine answering? "
                                + "`docker run --rm busybox:latest true` should take under a second" : ""));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run `" + String.join(" ", cmd) + "`: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while `" + String.join(" ", cmd) + "` ran", e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** {@code docker <args>}: its trimmed output, whatever its exit code (callers that care use {@link #dockerOk}). */
    public static String docker(String... args) {
        return run(DOCKER_BOUND, dockerCommand(args)).output().trim();
    }

    /** {@code docker <args>}, which must succeed: its trimmed output, else the test fails with what it printed. */
    public static String dockerOk(String... args) {
        Result r = run(DOCKER_BOUND, dockerCommand(args));
        if (!r.ok()) {
            throw new AssertionError("`docker " + String.join(" ", args) + "` exited " + r.exitCode() + ":\n" + r.output());
        }
        return r.output().trim();
    }

    /** Tests run real containers: without a Docker engine and {@code image} they must fail, not skip. */
    public static void requireDockerImage(String image) {
        Result r;
        try {
            r = run(DOCKER_BOUND, "docker", "image", "inspect", image);
        } catch (AssertionError e) { // no docker CLI, or an engine that does not answer
            throw new AssertionError("these tests need the docker CLI and a running engine; run `bash scripts/test-env.sh`"
                    + " first: " + e.getMessage(), e);
        }
        if (!r.ok()) {
            throw new AssertionError("these tests need a running Docker engine with image " + image
                    + "; run `bash scripts/test-env.sh` first.\n" + r.output());
        }
    }

    /** Ids of the containers (running or not) carrying all the given labels ({@code key=value}); a failing ps fails. */
    public static List<String> containerIds(String... labels) {
        String ids = dockerOk(psLabelled(labels));
        return ids.isEmpty() ? List.of() : List.of(ids.split("\\s+"));
    }

    /** Removes every container (running or not) carrying all the given labels ({@code key=value}); best effort. */
    public static void removeContainers(String... labels) {
        String ids = docker(psLabelled(labels));
        if (!ids.isBlank()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(ids.lines().map(String::trim).filter(l -> !l.isEmpty()).toList());
            docker(rm.toArray(String[]::new));
        }
    }

    private static String[] psLabelled(String... labels) {
        List<String> ps = new ArrayList<>(List.of("ps", "-aq"));
        for (String label : labels) {
            ps.add("--filter");
            ps.add("label=" + label);
        }
        return ps.toArray(String[]::new);
    }

    private static List<String> dockerCommand(String... args) {
        List<String> cmd = new ArrayList<>(args.length + 1);
        cmd.add("docker");
        cmd.addAll(List.of(args));
        return cmd;
    }
}
