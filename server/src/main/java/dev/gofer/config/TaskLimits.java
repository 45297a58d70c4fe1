package dev.gofer.config;

import dev.gofer.sdk.config.ConfigProblem;
import dev.gofer.sdk.config.Durations;
import dev.gofer.sdk.config.MemorySize;
import dev.gofer.sdk.config.PipelineConfig;
import dev.gofer.sdk.config.TaskConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The server's defaults and maximums for the run controls (settings {@code task_timeout_default} ... {@code
 * task_memory_max}); null = none. A config asking for more than a maximum is refused at deploy; a default applies
 * to a task (or run) that sets nothing. A maximum lowered after a deploy still caps what runs.
 */
public record TaskLimits(Duration defaultTimeout, Duration maxTimeout, Duration defaultRunTimeout, Duration maxRunTimeout,
                         Double defaultCpus, Double maxCpus, Long defaultMemory, Long maxMemory) {
    public static final TaskLimits NONE = new TaskLimits(null, null, null, null, null, null, null, null);

    /** What a task's container gets: null fields = no limit. */
    public record Resources(Double cpus, Long memoryBytes) {
    }

    /** @param setting the raw value of a setting; errors name the setting */
    static TaskLimits parse(Function<Setting, String> setting) {
        return new TaskLimits(duration(setting, Setting.TASK_TIMEOUT_DEFAULT), duration(setting, Setting.TASK_TIMEOUT_MAX),
                duration(setting, Setting.RUN_TIMEOUT_DEFAULT), duration(setting, Setting.RUN_TIMEOUT_MAX),
                cpus(setting, Setting.TASK_CPUS_DEFAULT), cpus(setting, Setting.TASK_CPUS_MAX),
                memory(setting, Setting.TASK_MEMORY_DEFAULT), memory(setting, Setting.TASK_MEMORY_MAX));
    }

    /** What in the config goes beyond this server's maximums, by field (as the validator names fields). */
    public List<ConfigProblem> check(PipelineConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        above(problems, "run_timeout", config.runTimeout(), maxRunTimeout, "run_timeout_max");
        for (int i = 0; i < config.tasks().size(); i++) {
            TaskConfig t = config.tasks().get(i);
            String at = "tasks[" + i + "]";
            above(problems, at + ".timeout", t.timeout(), maxTimeout, "task_timeout_max");
            if (t.resources() != null && t.resources().cpus() != null && maxCpus != null && t.resources().cpus() > maxCpus) {
                problems.add(new ConfigProblem(at + ".resources.cpus", t.resources().cpus()
                        + " is more than this server allows (task_cpus_max = " + maxCpus + ")"));
            }
            if (t.resources() != null && t.resources().memory() != null && maxMemory != null
                    && t.resources().memoryBytes() > maxMemory) {
                problems.add(new ConfigProblem(at + ".resources.memory", "'" + t.resources().memory()
                        + "' is more than this server allows (task_memory_max = " + MemorySize.format(maxMemory) + ")"));
            }
        }
        return problems;
    }

    /** The task's timeout, else the default; capped by the maximum; null = none. */
    public Duration timeoutOf(TaskConfig task) {
        return capped(task.timeout() == null ? defaultTimeout : Durations.parse(task.timeout()), maxTimeout);
    }

    /** The run's timeout, else the default; capped by the maximum; null = none. */
    public Duration runTimeoutOf(PipelineConfig config) {
        return capped(config.runTimeout() == null ? defaultRunTimeout : Durations.parse(config.runTimeout()), maxRunTimeout);
    }

    public Resources resourcesOf(TaskConfig task) {
        Double cpus = task.resources() == null || task.resources().cpus() == null ? defaultCpus : task.resources().cpus();
        Long memory = task.resources() == null || task.resources().memory() == null ? defaultMemory : task.resources().memoryBytes();
        // boxed on purpose: null = no limit
        Double cappedCpus = cpus != null && maxCpus != null ? Double.valueOf(Math.min(cpus, maxCpus)) : cpus;
        Long cappedMemory = memory != null && maxMemory != null ? Long.valueOf(Math.min(memory, maxMemory)) : memory;
        return new Resources(cappedCpus, cappedMemory);
    }

    private static Duration capped(Duration d, Duration max) {
        return d != null && max != null && d.compareTo(max) > 0 ? max : d;
    }

    private static void above(List<ConfigProblem> problems, String field, String value, Duration max, String setting) {
        if (value != null && max != null && Durations.parse(value).compareTo(max) > 0) {
            problems.add(new ConfigProblem(field, "'" + value + "' is longer than this server allows (" + setting + " = "
                    + Durations.format(max) + ")"));
        }
    }

    private static Duration duration(Function<Setting, String> setting, Setting which) {
        String key = which.key();
        String v = setting.apply(which).trim();
        try {
            return v.isEmpty() ? null : Durations.parsePositive(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting " + key + ": " + e.getMessage() + " (empty = none)");
        }
    }

    private static Double cpus(Function<Setting, String> setting, Setting which) {
        String key = which.key();
        String v = setting.apply(which).trim();
        try {
            double cpus = v.isEmpty() ? 1 : Double.parseDouble(v);
            if (!(cpus > 0)) {
                throw new NumberFormatException();
            }
            return v.isEmpty() ? null : cpus;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a number of CPUs above 0 such as 0.5 or 2 (empty = none), got '" + v + "'");
        }
    }

    private static Long memory(Function<Setting, String> setting, Setting which) {
        String key = which.key();
        String v = setting.apply(which).trim();
        try {
            long bytes = v.isEmpty() ? MemorySize.MIN_BYTES : MemorySize.parse(v);
            if (bytes < MemorySize.MIN_BYTES) {
                throw new IllegalArgumentException("'" + v + "' is below Docker's minimum of 6m");
            }
            return v.isEmpty() ? null : bytes;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting " + key + ": " + e.getMessage() + " (empty = none)");
        }
    }
}
