package dev.gofer.cli.process;

import dev.gofer.testing.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The host programs the process tests call (psql, sqlite3, pgrep...), each bounded through {@link Command}. */
final class HostTools {
    private static final Duration BOUND = Duration.ofSeconds(60);

    private HostTools() {
    }

    /** Runs SQL as role gofer on the local test cluster; the trimmed output, else the test fails with it. */
    static String psql(String db, String sql, String... flags) {
        List<String> cmd = new ArrayList<>(List.of("psql", "postgresql://gofer:gofer@127.0.0.1:5432/" + db, "-q"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-c", sql));
        return ok(cmd, "PostgreSQL is needed (run `bash scripts/test-env.sh`)");
    }

    static String sqlite(java.nio.file.Path db, String sql) {
        return ok(List.of("sqlite3", "-readonly", db.toString(), sql), "sqlite3");
    }

    /** A host command's exit code (pgrep, pkill, bash scripts...); its output is not kept. */
    static int exitCode(Duration bound, String... cmd) {
        return Command.run(bound, cmd).exitCode();
    }

    static String output(String... cmd) {
        return Command.run(BOUND, cmd).output().trim();
    }

    private static String ok(List<String> cmd, String what) {
        Command.Result r = Command.run(BOUND, cmd);
        if (!r.ok()) {
            throw new AssertionError(what + ": `" + String.join(" ", cmd) + "` exited " + r.exitCode() + ":\n" + r.output());
        }
        return r.output().trim();
    }
}
