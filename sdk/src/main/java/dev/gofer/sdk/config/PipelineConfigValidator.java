package dev.gofer.sdk.config;

import java.util.Optional;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a pipeline config before anything is stored. The server and the SDK builder share it,
 * so a Java pipeline file fails with the same message the API would give.
 */
public final class PipelineConfigValidator {
    /** Lowercase so ids are URL- and container-name-safe as written. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    public static final int PIPELINE_ID_MIN = 3;
    public static final int ID_MAX = 32;
    public static final long KEEP_RUNS_MAX = 1_000_000;
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private PipelineConfigValidator() {
    }

    public static List<ConfigProblem> validate(PipelineConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        checkId(problems, "id", config.id(), PIPELINE_ID_MIN);
        if (config.name() == null || config.name().isBlank()) {
            problems.add(new ConfigProblem("name", "is required (a human-readable name, e.g. \"Hello world\")"));
        }
        if (config.keepRuns() != null && (config.keepRuns() < 1 || config.keepRuns() > KEEP_RUNS_MAX)) {
            problems.add(new ConfigProblem("keep_runs", "must be 1 to " + KEEP_RUNS_MAX + " (finished runs kept; leave it out for the"
                    + " server's keep_runs), got " + config.keepRuns()));
        }
        if (config.parallelism() < 0) {
            problems.add(new ConfigProblem("parallelism", "must be 0 (no limit) or a positive number, got " + config.parallelism()));
        }
        RunControlsValidator.checkPipeline(problems, config);
        checkRunLimits(problems, config);
        InputsValidator.check(problems, config.inputs());
        if (config.tasks().isEmpty()) {
            problems.add(new ConfigProblem("tasks", "must hold at least one task"));
            return problems;
        }

        Map<String, TaskConfig> byId = new HashMap<>();
        for (int i = 0; i < config.tasks().size(); i++) {
            TaskConfig task = config.tasks().get(i);
            String at = "tasks[" + i + "]";
            if (task == null) {
                problems.add(new ConfigProblem(at, "is null"));
                continue;
            }
            if (checkId(problems, at + ".id", task.id(), 1) && byId.putIfAbsent(task.id(), task) != null) {
                problems.add(new ConfigProblem(at + ".id", "duplicate task id '" + task.id() + "'"));
            }
            if (task.image() == null || task.image().isBlank()) {
                problems.add(new ConfigProblem(at + ".image", "is required (a container image, e.g. \"busybox:latest\")"));
            }
            checkArgs(problems, at + ".command", task.command());
            RunControlsValidator.checkTask(problems, at, task);
            checkArgs(problems, at + ".entrypoint", task.entrypoint());
            for (var variable : task.variables().entrySet()) {
                String key = variable.getKey();
                String value = variable.getValue();
                if (!ENV_KEY.matcher(key).matches()) {
                    problems.add(new ConfigProblem(at + ".variables." + key,
                            "is not a valid environment variable name (letters, digits and '_', not starting with a digit)"));
                } else if (value != null && value.indexOf('\0') >= 0) {
                    // the value is never shown: it may be a secret
                    problems.add(new ConfigProblem(at + ".variables." + key, "the value contains a NUL character;"
                            + " values may hold any text except NUL (U+0000)"));
                } else if (key.equals("PATH") && value != null && value.isBlank()) {
                    problems.add(new ConfigProblem(at + ".variables.PATH", "must not be empty (the container could not find"
                            + " its command); leave PATH out to keep the image's own"));
                }
            }
        }
        for (int i = 0; i < config.tasks().size(); i++) {
            TaskConfig task = config.tasks().get(i);
            if (task == null) {
                continue;
            }
            for (var dep : task.dependsOn().entrySet()) {
                String at = "tasks[" + i + "].depends_on." + dep.getKey();
                if (dep.getValue() == null) {
                    problems.add(new ConfigProblem(at, "needs a condition: one of " + RequiredParentStatus.allowed()));
                } else if (dep.getKey().equals(task.id())) {
                    problems.add(new ConfigProblem(at, "a task cannot depend on itself"));
                } else if (!byId.containsKey(dep.getKey())) {
                    problems.add(new ConfigProblem(at, "unknown parent task '" + dep.getKey() + "'; tasks are " + byId.keySet()));
                }
            }
        }
        if (problems.isEmpty()) {
            findCycle(config.tasks()).ifPresent(cycle ->
                    problems.add(new ConfigProblem("tasks", "dependency cycle: " + String.join(" -> ", cycle))));
        }
        return problems;
    }

    /** max_concurrent_runs, concurrency_group and cancel_in_progress. */
    private static void checkRunLimits(List<ConfigProblem> problems, PipelineConfig config) {
        if (config.maxConcurrentRuns() < 0) {
            problems.add(new ConfigProblem("max_concurrent_runs", "must be 0 (no cap) or a positive number of runs, got "
                    + config.maxConcurrentRuns()));
        }
        String group = config.concurrencyGroup();
        if (group != null) {
            if (group.length() > ID_MAX || !ID.matcher(group).matches()) {
                problems.add(new ConfigProblem("concurrency_group", "'" + group + "' must be 1-" + ID_MAX
                        + " characters of lowercase letters, digits and hyphens, starting with a letter or digit"));
            }
        } else if (config.cancelInProgress()) {
            problems.add(new ConfigProblem("cancel_in_progress", "needs a concurrency_group: it cancels the group's"
                    + " running and pending runs when a new run of the group starts"));
        }
    }

    private static void checkArgs(List<ConfigProblem> problems, String field, List<String> args) {
        if (args != null && args.contains(null)) {
            problems.add(new ConfigProblem(field, "must be a list of strings; item " + args.indexOf(null) + " is null"));
        }
    }

    private static boolean checkId(List<ConfigProblem> problems, String field, String id, int min) {
        if (id == null || id.isEmpty()) {
            problems.add(new ConfigProblem(field, "is required"));
            return false;
        }
        if (id.length() < min || id.length() > ID_MAX || !ID.matcher(id).matches()) {
            problems.add(new ConfigProblem(field, "'" + id + "' must be " + min + "-" + ID_MAX
                    + " characters of lowercase letters, digits and hyphens, starting with a letter or digit"));
            return false;
        }
        return true;
    }

    /** Depth-first search with colours; returns the first cycle found as a path that ends where it starts. */
    static Optional<List<String>> findCycle(List<TaskConfig> tasks) {
        Map<String, TaskConfig> byId = new HashMap<>();
        tasks.forEach(t -> byId.put(t.id(), t));
        Set<String> done = new HashSet<>();
        for (TaskConfig start : tasks) {
            Deque<String> path = new ArrayDeque<>();
            List<String> cycle = visit(start.id(), byId, done, path, new HashSet<>());
            if (cycle != null) {
                return Optional.of(cycle);
            }
        }
        return Optional.empty();
    }

    private static List<String> visit(String id, Map<String, TaskConfig> byId, Set<String> done,
                                      Deque<String> path, Set<String> onPath) {
        if (done.contains(id)) {
            return null;
        }
        if (onPath.contains(id)) {
            List<String> cycle = new ArrayList<>();
            boolean in = false;
            for (String p : path) {
                in |= p.equals(id);
                if (in) {
                    cycle.add(p);
                }
            }
            cycle.add(id);
            return cycle;
        }
        path.addLast(id);
        onPath.add(id);
        for (String parent : byId.get(id).dependsOn().keySet()) {
            List<String> cycle = visit(parent, byId, done, path, onPath);
            if (cycle != null) {
                return cycle;
            }
        }
        path.removeLast();
        onPath.remove(id);
        done.add(id);
        return null;
    }
}
