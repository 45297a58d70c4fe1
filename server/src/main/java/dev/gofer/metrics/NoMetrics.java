package dev.gofer.metrics;

import dev.gofer.model.Run;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskKey;
import java.time.Duration;
import java.util.List;

/** Metrics off ({@code metrics_token} empty): every call returns at once. */
enum NoMetrics implements GoferMetrics {
    INSTANCE;

    @Override
    public void runStarted(Run run) {
    }

    @Override
    public void runChanged(Run run) {
    }

    @Override
    public void taskChanged(TaskExecution task) {
    }

    @Override
    public void taskContainerStarted(TaskKey task, Duration latency) {
    }

    @Override
    public void logBytes(TaskKey task, int bytes) {
    }

    @Override
    public void eventSubscribers(int change) {
    }

    @Override
    public void extensions(List<ExtensionSample> extensions) {
    }
}
