package dev.gofer.bench;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When containers' own processes ended, as the host's kernel saw it: each container's first process (its host PID,
 * from the engine's inspect) is polled in {@code /proc} every 5 ms and counted as ended once it is gone or a zombie.
 * Beside {@link ContainerDeaths} this splits a stop into the process's end and the engine's own work after it,
 * until its {@code die} event. Needs the engine on this host, in this PID namespace.
 */
final class ProcessExits implements Closeable {
    private static final long POLL_MS = 5;
    private final Map<String, Integer> pids = new HashMap<>();
    private final Map<String, Long> endedEpochNanos = new ConcurrentHashMap<>();
    private final Thread poller;

    ProcessExits(Floor floor, Collection<String> ids) {
        for (String id : ids) {
            Long pid = floor.docker().inspectContainerCmd(id).exec().getState().getPidLong();
            if (pid == null || pid <= 0) {
                throw new IllegalStateException("container " + id + " has no process on this host (State.Pid " + pid + ")");
            }
            pids.put(id, pid.intValue());
        }
        poller = new Thread(this::poll, "bench-process-exits");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        while (!Thread.currentThread().isInterrupted() && endedEpochNanos.size() < pids.size()) {
            for (Map.Entry<String, Integer> e : pids.entrySet()) {
                if (!endedEpochNanos.containsKey(e.getKey()) && ended(e.getValue())) {
                    endedEpochNanos.put(e.getKey(), ContainerDeaths.epochNanosNow());
                }
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException ie) {
                return;
            }
        }
    }

    /** Gone, or a zombie (ended; only its parent's wait is left). The state is the field after the ")" of the name. */
    private static boolean ended(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) == 'Z' || stat.charAt(close + 2) == 'X';
        } catch (IOException gone) {
            return true; // no such process (NoSuchFileException), or it vanished while its file was read
        }
    }

    /** Waits (up to {@code timeoutMs}) until every process ended; the latest end, epoch nanoseconds. */
    long awaitAll(long timeoutMs) throws InterruptedException {
        return ContainerDeaths.latestOnceAll(endedEpochNanos, pids.keySet(), timeoutMs, "container processes");
    }

    @Override
    public void close() {
        poller.interrupt();
    }
}
