package dev.gofer.runs;

import dev.gofer.model.Run;
import dev.gofer.model.TaskExecution;
import dev.gofer.runs.RunInput.RetryDue;
import dev.gofer.runs.RunInput.RunTimedOut;
import dev.gofer.runs.RunInput.TaskTimedOut;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The timers of one run: its own deadline, its running tasks' deadlines and its waiting tasks' retries. A timer
 * only submits an input to the run's driver, which checks it still applies (the attempt it was set for).
 */
final class RunTimers {
    private final Timers timers;
    private final Consumer<RunInput> submit;
    /** By name: {@code run}, {@code deadline:<task>}, {@code retry:<task>}. */
    private final Map<String, Long> set = new HashMap<>();

    RunTimers(Timers timers, Consumer<RunInput> submit) {
        this.timers = timers;
        this.submit = submit;
    }

    /** A deadline that has passed (Gofer was down) fires at once. */
    void runDeadline(Run run) {
        if (run.deadline() > 0) {
            arm("run", run.deadline(), new RunTimedOut());
        }
    }

    void taskDeadline(TaskExecution running) {
        if (running.deadline() > 0) {
            String id = running.key().taskId();
            arm("deadline:" + id, running.deadline(), new TaskTimedOut(id, running.attempt()));
        }
    }

    void retry(TaskExecution waiting) {
        String id = waiting.key().taskId();
        arm("retry:" + id, waiting.retryAt(), new RetryDue(id, waiting.attempt()));
    }

    void attemptEnded(String taskId) {
        disarm("deadline:" + taskId);
    }

    /** The retry fired, or will never be needed. */
    void retryDone(String taskId) {
        disarm("retry:" + taskId);
    }

    void cancelAll() {
        set.values().forEach(timers::cancel);
        set.clear();
    }

    private void arm(String name, long at, RunInput input) {
        disarm(name);
        set.put(name, timers.at(at, () -> submit.accept(input)));
    }

    private void disarm(String name) {
        Long timer = set.remove(name);
        if (timer != null) {
            timers.cancel(timer);
        }
    }
}
