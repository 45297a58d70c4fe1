package dev.gofer.sdk.client;

import static dev.gofer.sdk.client.Transport.run;
import static dev.gofer.sdk.client.Transport.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

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

    /**
     * Runs {@code command} (argv; e.g. {@code ["sh", "-c", "ps"]}) inside the running task's container, copying
     * {@code stdin} to it and its output to {@code stdout} and {@code stderr} as it comes. Returns the command's exit
     * code once it exits, or -1 when unknown (the task ended first, or the input ended with {@code endWithInput}).
     * The engine cannot pass end-of-input on to the command: with {@code endWithInput} the end of {@code stdin} ends
     * the session (an interactive shell's Ctrl-D); without, the session lasts until the command exits.
     * Refused (409) when the task is not running, (403) without write permission on the pipeline.
     */
    public int attach(String namespace, String pipeline, long run, String task, List<String> command, InputStream stdin,
                      OutputStream stdout, OutputStream stderr, boolean endWithInput) {
        StringBuilder query = new StringBuilder();
        for (String arg : command) {
            query.append(query.length() == 0 ? "?" : "&").append("cmd=").append(URLEncoder.encode(arg, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        TaskAttach session = new TaskAttach(stdout, stderr, endWithInput);
        return session.run(t.webSocket(task(namespace, pipeline, run, task) + "/attach" + query, session,
                status -> TaskAttach.refused(status, task, run)), stdin);
    }
}
