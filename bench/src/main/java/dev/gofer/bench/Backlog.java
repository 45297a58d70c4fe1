package dev.gofer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A data dir holding one pipeline with a backlog of finished runs, made before the server under test serves it.
 * One real run is made by a real server (so every row and file is what Gofer writes: the schema by its own
 * migrations, the run, its task execution and its log file); the server stops, and that run is copied
 * {@code runs - 1} times straight into SQLite in one transaction (ids 1..runs, times a second apart, the newest
 * now) with its log directory copied for each: every run of the backlog has its row, its task execution and its
 * log file.
 */
final class Backlog {
    static final String PIPELINE = "backlog";
    static final String NAMESPACE = "default";
    /** Columns holding times (ms), shifted so the copies end a second apart; 0 (never) stays 0. */
    private static final Set<String> TIMES = Set.of("started", "ended", "created");

    private Backlog() {
    }

    /** The pipeline's config, with {@code keep_runs} when {@code keepRuns > 0}. */
    static Map<String, Object> config(int keepRuns) {
        Map<String, Object> config = new LinkedHashMap<>(Map.of("id", PIPELINE, "name", PIPELINE, "tasks",
                List.of(Context.task("build", "sh", "-c", "for i in 1 2 3 4 5 6 7 8; do echo \"step $i of 8: ok\"; done"))));
        if (keepRuns > 0) {
            config.put("keep_runs", keepRuns);
        }
        return config;
    }

    /**
     * Starts a server on a fresh data dir, makes the template run, stops it, copies the run until there are
     * {@code runs}, and starts the server again on the data dir with {@code env}; returns that server.
     */
    static GoferProcess seed(Options options, int runs, Map<String, String> env) throws Exception {
        GoferProcess first = GoferProcess.start(options.jar(), options.jvmFlags(), env);
        try {
            first.bootstrap();
            first.deploy(PIPELINE, config(0));
            long template = first.startRun(PIPELINE);
            awaitComplete(first, template);
            GoferProcess.expect(first.get(GoferProcess.runs(PIPELINE) + "/" + template), 200);
            first.stop();
            copyRows(first.dataDir.resolve("gofer.db"), template, runs);
            copyLogs(logsOf(first.dataDir), template, runs);
            return first.restart(options.jar(), options.jvmFlags(), env);
        } catch (Exception e) {
            first.close();
            throw e;
        }
    }

    /** Where the server keeps the logs of the backlog's runs: one directory per run. */
    static Path logsOf(Path dataDir) {
        return dataDir.resolve("logs").resolve(NAMESPACE).resolve(PIPELINE);
    }

    private static void awaitComplete(GoferProcess gofer, long run) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            JsonNode r = GoferProcess.JSON.readTree(gofer.get(GoferProcess.runs(PIPELINE) + "/" + run).body()).get("run");
            if ("complete".equals(r.get("state").asText())) {
                if (!"successful".equals(r.get("status").asText())) {
                    throw new IllegalStateException("the template run of the backlog ended " + r);
                }
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the template run of the backlog did not end in 120 s: " + r);
            }
            Thread.sleep(100);
        }
    }

    /** In one transaction: the run and its task executions copied to ids 1..runs (the template becomes the newest). */
    private static void copyRows(Path db, long template, int runs) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // the template moves to the newest id: task executions first (their key names the run)
                for (String table : List.of("task_executions", "runs")) {
                    s.executeUpdate("UPDATE " + table + " SET run_id = " + runs + " WHERE " + thePipeline() + " AND run_id = " + template);
                }
                for (String table : List.of("runs", "task_executions")) {
                    List<String> columns = columns(s, table);
                    List<String> values = new ArrayList<>();
                    for (String col : columns) {
                        values.add(col.equals("run_id") ? "seq.n"
                                : TIMES.contains(col) ? "CASE WHEN " + col + " > 0 THEN " + col + " - (" + runs + " - seq.n) * 1000 ELSE " + col + " END"
                                : col);
                    }
                    s.executeUpdate("WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < " + (runs - 1) + ")"
                            + " INSERT INTO " + table + " (" + String.join(", ", columns) + ") SELECT " + String.join(", ", values)
                            + " FROM " + table + ", seq WHERE " + thePipeline() + " AND run_id = " + runs);
                }
                s.executeUpdate("UPDATE pipelines SET last_run_id = " + runs + " WHERE " + thePipeline());
            }
            c.commit();
            if (count(c, "runs") != runs || count(c, "task_executions") != runs) {
                throw new IllegalStateException("seeding the backlog left " + count(c, "runs") + " runs, expected " + runs);
            }
        }
    }

    private static String thePipeline() {
        return "namespace_id = '" + NAMESPACE + "' AND pipeline_id = '" + PIPELINE + "'";
    }

    private static List<String> columns(Statement s, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                out.add(rs.getString("name"));
            }
        }
        return out;
    }

    /** Rows of the backlog's pipeline in {@code table}. */
    static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE " + thePipeline())) {
            return rs.getLong(1);
        }
    }

    /** The template's log directory moves to the newest id, and its files are written again for every other run. */
    private static void copyLogs(Path logs, long template, int runs) throws Exception {
        Path newest = logs.resolve(Long.toString(runs));
        Files.move(logs.resolve(Long.toString(template)), newest);
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(newest)) {
            for (Path f : list.toList()) {
                files.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("the template run left no log file in " + newest);
        }
        for (int n = 1; n < runs; n++) {
            Path dir = Files.createDirectory(logs.resolve(Integer.toString(n)));
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(dir.resolve(f.getKey()), f.getValue());
            }
        }
    }
}
