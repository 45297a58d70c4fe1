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
        t.copy(task(namespace, pipeline, run, task) + "/logs" + (follow ? "?follow=true" : ""), out, "the log of task " + task);
    }
}
