package dev.gofer.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.ServerSettings;
import dev.gofer.model.Initiator;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.model.RunStatus;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskKey;
import dev.gofer.model.TaskState;
import dev.gofer.model.TaskStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gofer's own metrics as Prometheus reads them, fed the way the run driver, log verticle and supervisor feed them. */
class MicrometerGoferMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final GoferMetrics metrics = new MicrometerGoferMetrics(registry);
    private final RunKey key = new RunKey("team-a", "build", 7);

    @Test
    void aRunIsCountedOnceByStatusWithItsDurationAndLeavesTheGauges() {
        Run pending = run(RunState.PENDING, RunStatus.UNKNOWN, 0);
        metrics.runStarted(pending);
        metrics.runChanged(pending);
        assertEquals(1.0, value("gofer_runs_active{state=\"pending\"}"));
        metrics.runChanged(run(RunState.RUNNING, RunStatus.UNKNOWN, 0));
        assertEquals(0.0, value("gofer_runs_active{state=\"pending\"}"));
        assertEquals(1.0, value("gofer_runs_active{state=\"running\"}"));

        Run done = run(RunState.COMPLETE, RunStatus.SUCCESSFUL, 1000 + 42_000);
        metrics.runChanged(done);
        metrics.runChanged(done); // reported twice (e.g. by a late input): counted once
        String labels = "{namespace=\"team-a\",pipeline=\"build\",status=\"successful\"}";
        assertEquals(1.0, value("gofer_runs_started_total{namespace=\"team-a\",pipeline=\"build\"}"));
        assertEquals(1.0, value("gofer_runs_finished_total" + labels));
        assertEquals(1.0, value("gofer_run_duration_seconds_count" + labels));
        assertEquals(42.0, value("gofer_run_duration_seconds_sum" + labels));
        assertEquals(0.0, value("gofer_run_duration_seconds_bucket{namespace=\"team-a\",pipeline=\"build\",status=\"successful\",le=\"30.0\"}"));
        assertEquals(1.0, value("gofer_run_duration_seconds_bucket{namespace=\"team-a\",pipeline=\"build\",status=\"successful\",le=\"60.0\"}"));
        assertEquals(0.0, value("gofer_runs_active{state=\"running\"}"));
    }

    @Test
    void statusesAreLabelledByTheirWireNameSoEveryStatusIsCounted() {
        for (RunStatus status : RunStatus.values()) {
            RunKey k = new RunKey("ns", "p", status.ordinal() + 1);
            metrics.runChanged(new Run(k, 1, 0, 0, RunState.RUNNING, RunStatus.UNKNOWN, null, Initiator.ANONYMOUS, List.of()));
            metrics.runChanged(new Run(k, 1, 0, 10, RunState.COMPLETE, status, null, Initiator.ANONYMOUS, List.of()));
            assertEquals(1.0, value("gofer_runs_finished_total{namespace=\"ns\",pipeline=\"p\",status=\"" + status.wire() + "\"}"));
        }
    }

    @Test
    void runningContainersTaskDurationsAndStartLatency() {
        TaskKey task = key.task("compile");
        metrics.taskChanged(task(task, TaskState.WAITING, TaskStatus.UNKNOWN, 0, 0));
        assertEquals(0.0, value("gofer_containers_running"));
        metrics.taskContainerStarted(task, Duration.ofMillis(80));
        metrics.taskChanged(task(task, TaskState.RUNNING, TaskStatus.UNKNOWN, 5000, 0));
        assertEquals(1.0, value("gofer_containers_running"));
        metrics.taskChanged(task(task, TaskState.COMPLETE, TaskStatus.FAILED, 5000, 8000));
        assertEquals(0.0, value("gofer_containers_running"));
        String labels = "{namespace=\"team-a\",pipeline=\"build\",status=\"failed\"}";
        assertEquals(1.0, value("gofer_tasks_finished_total" + labels));
        assertEquals(3.0, value("gofer_task_duration_seconds_sum" + labels));
        assertEquals(1.0, value("gofer_task_start_latency_seconds_bucket{namespace=\"team-a\",le=\"0.1\"}"));
        assertEquals(0.0, value("gofer_task_start_latency_seconds_bucket{namespace=\"team-a\",le=\"0.05\"}"));

        TaskKey skipped = key.task("deploy");
        metrics.taskChanged(task(skipped, TaskState.WAITING, TaskStatus.UNKNOWN, 0, 0));
        metrics.taskChanged(task(skipped, TaskState.COMPLETE, TaskStatus.SKIPPED, 0, 9000));
        assertEquals(1.0, value("gofer_tasks_finished_total{namespace=\"team-a\",pipeline=\"build\",status=\"skipped\"}"));
        assertFalse(registry.scrape().contains("gofer_task_duration_seconds_count{namespace=\"team-a\",pipeline=\"build\",status=\"skipped\"}"),
                "a task that ran no container has no duration");
    }

    @Test
    void logBytesAndEventSubscribers() {
        metrics.logBytes(key.task("a"), 100);
        metrics.logBytes(key.task("b"), 23);
        assertEquals(123.0, value("gofer_log_bytes_total{namespace=\"team-a\",pipeline=\"build\"}"));
        metrics.eventSubscribers(1);
        metrics.eventSubscribers(1);
        metrics.eventSubscribers(-1);
        assertEquals(1.0, value("gofer_event_subscribers"));
    }

    @Test
    void extensionStatesAndRestartsFollowTheSamplesAndGoneExtensionsDisappear() {
        metrics.extensions(List.of(new GoferMetrics.ExtensionSample("interval", "running", 0),
                new GoferMetrics.ExtensionSample("cron", "exited", 2)));
        assertEquals(1.0, value("gofer_extension_state{extension=\"interval\",state=\"running\"}"));
        assertEquals(1.0, value("gofer_extension_state{extension=\"cron\",state=\"exited\"}"));
        assertEquals(2.0, value("gofer_extension_restarts_total{extension=\"cron\"}"));

        metrics.extensions(List.of(new GoferMetrics.ExtensionSample("cron", "running", 3)));
        String scrape = registry.scrape();
        assertEquals(1.0, value("gofer_extension_state{extension=\"cron\",state=\"running\"}"));
        assertFalse(scrape.contains("state=\"exited\""), "only the current state is shown:\n" + scrape);
        assertFalse(scrape.contains("extension=\"interval\""), "an uninstalled extension disappears:\n" + scrape);
        assertEquals(3.0, value("gofer_extension_restarts_total{extension=\"cron\"}"));
    }

    @Test
    void theTokenIsComparedWholeAndOnlyAsABearerToken() {
        ServerSettings settings = ServerSettings.fromJson(new JsonObject().put("metrics_token", "scrape-0123456789abcdef"));
        ServerMetrics on = ServerMetrics.of(settings);
        assertTrue(on.enabled());
        assertTrue(on.admits("Bearer scrape-0123456789abcdef"));
        assertTrue(on.admits("bearer scrape-0123456789abcdef"));
        assertFalse(on.admits("Bearer scrape-0123456789abcde"));
        assertFalse(on.admits("Bearer scrape-0123456789abcdefX"));
        assertFalse(on.admits("Basic scrape-0123456789abcdef"));
        assertFalse(on.admits("scrape-0123456789abcdef"));
        assertFalse(on.admits(null));
        ServerMetrics off = ServerMetrics.of(ServerSettings.fromJson(new JsonObject()));
        assertFalse(off.enabled());
        assertFalse(off.admits("Bearer "));
        assertFalse(off.admits("Bearer"));
    }

    @Test
    void aShortTokenStopsTheServerNamingTheSettingWithoutShowingIt() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ServerSettings.fromJson(new JsonObject().put("metrics_token", "hunter2")));
        assertTrue(e.getMessage().startsWith("setting metrics_token must be 16 or more"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        ServerSettings settings = ServerSettings.fromJson(new JsonObject().put("metrics_token", "scrape-0123456789abcdef"));
        assertFalse(settings.toString().contains("scrape-0123456789abcdef"), settings.toString());
    }

    private Run run(RunState state, RunStatus status, long ended) {
        return new Run(key, 1, 1000, ended, state, status, null, Initiator.ANONYMOUS, List.of());
    }

    private static TaskExecution task(TaskKey key, TaskState state, TaskStatus status, long started, long ended) {
        return new TaskExecution(key, null, 1000, started, ended, null, state, status, null, List.of(), false, false);
    }

    /** The value of the one sample line {@code series} (name and labels as Prometheus prints them). */
    private double value(String series) {
        String scrape = registry.scrape();
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no series " + series + " in:\n" + scrape);
    }
}
