package dev.gofer.scheduler;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A scheduler without an engine for tests of what sits above it: every container exits 0 at once with no output,
 * and the calls that only change the engine do nothing. Tests override what they exercise.
 */
abstract class StubScheduler implements Scheduler {
    @Override
    public String start(ContainerSpec spec) {
        return spec.name();
    }

    @Override
    public void streamLogs(String containerId, LogSink sink) {
    }

    @Override
    public int waitForExit(String containerId) {
        return 0;
    }

    @Override
    public void adopt(String containerId) {
    }

    @Override
    public void stop(String containerId, Duration grace) {
    }

    @Override
    public List<String> findByLabels(Map<String, String> labels) {
        return List.of();
    }

    @Override
    public Optional<String> address(String containerId) {
        return Optional.empty();
    }

    @Override
    public void remove(String containerId) {
    }

    @Override
    public Optional<String> problem() {
        return Optional.empty();
    }

    @Override
    public String hostForContainers(String configured) {
        return "127.0.0.1";
    }

    @Override
    public boolean imageAvailable(String image) {
        return true;
    }
}
