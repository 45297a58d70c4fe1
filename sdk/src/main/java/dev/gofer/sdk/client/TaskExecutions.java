package dev.gofer.sdk.client;

import static dev.gofer.sdk.client.Transport.run;
import static dev.gofer.sdk.client.Transport.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;

/** The task executions of a run, and their logs. */
public final class TaskExecutions {
    private final Transport t;

    TaskExecutions(Transport transport) {
        this.t = transport;
    }

    /** {@code {"task_executions": [TaskExecution]}}. */
    public JsonNode list(String namespace, String pipeline, long run) {
        return t.send("GET", run(namespace, pipeline, run) + "/tasks", null);
    }

    /** {@code {"task_execution": TaskExecution}}. */
    public JsonNode get(String namespace, String pipeline, long run, String task) {
        return t.send("GET", task(namespace, pipeline, run, task), null);
    }

    /**
     * Copies the task's log (plain text, stdout and stderr interleaved) to {@code out} as it arrives, flushing
     * after every chunk. With {@code follow} the call returns only when the task has ended.
     */
    public void streamLogs(String namespace, String pipeline, long run, String task, boolean follow, OutputStream out) {
        streamLogs(namespace, pipeline, run, task, follow, 0, out);
    }

    /** As above, for attempt {@code attempt} (1-based) of a retried task; 0 = the latest. */
    public void streamLogs(String namespace, String pipeline, long run, String task, boolean follow, int attempt, OutputStream out) {
        String query = (follow ? "&follow=true" : "") + (attempt > 0 ? "&attempt=" + attempt : "");
        t.copy(task(namespace, pipeline, run, task) + "/logs" + (query.isEmpty() ? "" : "?" + query.substring(1)), out,
                "the log of task " + task + (attempt > 0 ? " (attempt " + attempt + ")" : ""));
    }

    /** Deletes the stored log (every attempt) of a finished task; refused (409) while it runs. */
    public void deleteLogs(String namespace, String pipeline, long run, String task) {
        t.send("DELETE", task(namespace, pipeline, run, task) + "/logs", null);
    }

    /**
     * Cancels one task: a waiting task (or one waiting to retry) ends cancelled at once; a running one's container gets
     * SIGTERM, then SIGKILL after the server's task_stop_timeout. Its dependants follow a cancelled parent. Refused
     * (409) when the task is already complete.
     */
    public void cancel(String namespace, String pipeline, long run, String task) {
        t.send("DELETE", task(namespace, pipeline, run, task), null);
    }
}
