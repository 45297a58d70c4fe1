package dev.gofer.sdk.config;

import java.time.Duration;
import java.util.List;

/** Checks the run controls of a config (timeouts, retries, resource limits); part of {@link PipelineConfigValidator}. */
final class RunControlsValidator {
    /** More cores than any machine Gofer runs on has: a typo, not a limit. */
    static final double MAX_CPUS = 1024;

    private RunControlsValidator() {
    }

    static void checkPipeline(List<ConfigProblem> problems, PipelineConfig config) {
        duration(problems, "run_timeout", config.runTimeout());
    }

    static void checkTask(List<ConfigProblem> problems, String at, TaskConfig task) {
        duration(problems, at + ".timeout", task.timeout());
        if (task.retry() != null) {
            retry(problems, at + ".retry", task.retry());
        }
        if (task.resources() != null) {
            resources(problems, at + ".resources", task.resources());
        }
    }

    private static void retry(List<ConfigProblem> problems, String at, TaskRetry retry) {
        if (retry.attempts() == null) {
            problems.add(new ConfigProblem(at + ".attempts", "is required: how many times the task may run in all, 1 to "
                    + TaskRetry.MAX_ATTEMPTS));
        } else if (retry.attempts() < 1 || retry.attempts() > TaskRetry.MAX_ATTEMPTS) {
            problems.add(new ConfigProblem(at + ".attempts", "must be 1 to " + TaskRetry.MAX_ATTEMPTS
                    + " (how many times the task may run in all), got " + retry.attempts()));
        }
        Duration backoff = duration(problems, at + ".backoff", retry.backoff());
        Duration most = duration(problems, at + ".max_backoff", retry.maxBackoff());
        if (backoff != null && most != null && most.compareTo(backoff) < 0) {
            problems.add(new ConfigProblem(at + ".max_backoff", "'" + retry.maxBackoff() + "' must not be shorter than backoff '"
                    + retry.backoff() + "'"));
        }
        if (retry.onExitCodes() != null) {
            for (int i = 0; i < retry.onExitCodes().size(); i++) {
                Integer code = retry.onExitCodes().get(i);
                if (code == null || code < 1 || code > 255) {
                    problems.add(new ConfigProblem(at + ".on_exit_codes[" + i + "]", "must be an exit code from 1 to 255, got " + code));
                }
            }
        }
    }

    private static void resources(List<ConfigProblem> problems, String at, TaskResources resources) {
        Double cpus = resources.cpus();
        if (cpus != null && (cpus.isNaN() || cpus <= 0 || cpus > MAX_CPUS)) {
            problems.add(new ConfigProblem(at + ".cpus", "must be more than 0 (e.g. 0.5 for half a core), at most "
                    + (int) MAX_CPUS + ", got " + cpus));
        }
        if (resources.memory() != null) {
            try {
                long bytes = MemorySize.parse(resources.memory());
                if (bytes < MemorySize.MIN_BYTES) {
                    problems.add(new ConfigProblem(at + ".memory", "'" + resources.memory()
                            + "' is below Docker's minimum of 6m; " + MemorySize.ALLOWED));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(at + ".memory", e.getMessage()));
            }
        }
    }

    /** The parsed duration, or null when absent or wrong (then a problem is added). */
    private static Duration duration(List<ConfigProblem> problems, String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Durations.parsePositive(value);
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(field, e.getMessage()));
            return null;
        }
    }
}
