package dev.gofer.scheduler;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole contract between Gofer and a container platform: running containers (the first twelve methods) and
 * what the rest of the server needs to know about the engine (the last four). Every method blocks, so callers run
 * them off the event loop; {@link #streamingFollow} offers following containers without blocking, where it can.
 * Docker and Kubernetes implement it without the orchestrator, the extension supervisor or the server's start
 * knowing which runs.
 */
public interface Scheduler {
    /** Pulls the image if missing (or if asked to always pull), creates and starts the container; returns its id. */
    String start(ContainerSpec spec) throws SchedulerException;

    /**
     * Takes over a container found after a restart: one that was created but never started (Gofer stopped
     * in between) is started now; a running or exited one is left as it is.
     */
    void adopt(String containerId) throws SchedulerException;

    /** Asks the container to stop (SIGTERM), then kills it once {@code grace} has passed. */
    void stop(String containerId, Duration grace) throws SchedulerException;

    /** Blocks until the container exits; returns its exit code. */
    int waitForExit(String containerId) throws SchedulerException;

    /**
     * Starts waiting for the container's exit now, so the answer is there as soon as its log stream ends instead
     * of one more engine round trip later. By default the wait starts when {@link ExitWatch#exitCode} is asked.
     */
    default ExitWatch watchExit(String containerId) {
        return new ExitWatch() {
            @Override
            public int exitCode() throws SchedulerException {
                return waitForExit(containerId);
            }

            @Override
            public void close() {
            }
        };
    }

    /** A wait for one container's exit, begun by {@link #watchExit}; closing it gives up waiting. */
    interface ExitWatch extends AutoCloseable {
        /** Blocks until the container exits; returns its exit code. */
        int exitCode() throws SchedulerException;

        @Override
        void close();
    }

    /** Whether the exited container was killed for going past its memory limit. */
    default boolean oomKilled(String containerId) throws SchedulerException {
        return false;
    }

    /**
     * Following without a thread per container, when this scheduler can; empty when it cannot, and the caller then
     * follows each container on a thread with {@link #streamLogs} and {@link #watchExit}.
     */
    default Optional<StreamingFollow> streamingFollow() {
        return Optional.empty();
    }

    /** Copies the container's stdout and stderr to {@code sink} from its start until it exits. */
    void streamLogs(String containerId, LogSink sink) throws SchedulerException;

    /**
     * Runs {@code command} (argv) inside the running container, its stdin, stdout and stderr through {@code session};
     * blocks until the command exits (or the session is cancelled, or the container stops) and returns its exit code
     * (-1 when unknown).
     */
    default int exec(String containerId, List<String> command, ExecSession session) throws SchedulerException {
        throw new SchedulerException("attach is not supported by this scheduler");
    }

    /** Ids of containers carrying all of these labels, running or not. */
    List<String> findByLabels(Map<String, String> labels) throws SchedulerException;

    /**
     * The address other containers and this host reach the container at (its IP on the engine's default
     * network); empty when it has none (not running).
     */
    Optional<String> address(String containerId) throws SchedulerException;

    /** Removes the container, stopping it first if it still runs. Unknown ids are ignored. */
    void remove(String containerId) throws SchedulerException;

    /**
     * Empty when the engine answers; otherwise what is wrong and how to fix it, in a sentence fit for the server's
     * log (the server still starts without an engine; tasks then fail with scheduler_error).
     */
    Optional<String> problem();

    /**
     * The host (name or IP, no port) that containers started by this scheduler reach Gofer at: {@code configured}
     * (setting {@code extension_host}) when set, else what the engine's network offers. Extensions get it with
     * the ExtensionHost port, tasks with inject_api_token with the API port. Never fails: when the engine cannot
     * say, it logs why and answers its best guess.
     */
    String hostForContainers(String configured);

    /** Whether {@code image} is here or can be pulled (quietly: the answer is all the caller needs). */
    boolean imageAvailable(String image);

    /** The image Gofer itself runs from, when it runs in a container of this engine; empty otherwise. */
    default Optional<String> ownImage() {
        return Optional.empty();
    }

    /** Receives a container's output as it is printed. */
    @FunctionalInterface
    interface LogSink {
        void accept(boolean stderr, byte[] bytes);
    }
}
