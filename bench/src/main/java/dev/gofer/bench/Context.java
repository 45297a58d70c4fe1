package dev.gofer.bench;

import java.util.List;
import java.util.Map;

/** What every benchmark gets: the server under test, its event stream, the floor, the options, the report. */
record Context(GoferProcess gofer, EventStream events, Floor floor, Options options, Report report) {

    /** Registers and deploys a pipeline made of these tasks (see {@link #task}). */
    void deploy(String pipeline, List<Map<String, Object>> tasks) throws Exception {
        gofer.deploy(pipeline, Map.of("id", pipeline, "name", pipeline, "tasks", tasks));
    }

    /** A busybox task running {@code command}. */
    static Map<String, Object> task(String id, String... command) {
        return Map.of("id", id, "image", Floor.IMAGE, "command", List.of(command));
    }

    /** A task that starts once {@code parent} has succeeded. */
    static Map<String, Object> dependentTask(String id, String parent, String... command) {
        return Map.of("id", id, "image", Floor.IMAGE, "command", List.of(command), "depends_on", Map.of(parent, "success"));
    }

    /** Starts a run and waits for its successful end; returns the wall time in ms. */
    double timedRun(String pipeline, long timeoutSeconds) throws Exception {
        long t0 = System.nanoTime();
        long run = gofer.startRun(pipeline);
        return Floor.ms(events.awaitSuccess(pipeline, run, timeoutSeconds) - t0);
    }
}
