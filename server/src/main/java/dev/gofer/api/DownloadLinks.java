package dev.gofer.api;

import dev.gofer.model.TaskKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One-use, short-lived links that download one task log. A browser can stream a download to disk only when it
 * follows a link itself, and a link cannot carry the {@code Authorization} header the API needs; an API token in a
 * URL would leak into history and download lists. So the dashboard asks for a link with its token (the access
 * check of reading the log) and the browser follows that: it names one log file, works once, within
 * {@link #TTL}, and only in this server process. Holds at most {@link #MAX_OPEN} unused links (the oldest go).
 */
final class DownloadLinks {
    static final Duration TTL = Duration.ofSeconds(60);
    static final int MAX_OPEN = 10_000;

    /** The log file a link serves and the name the browser saves it under. */
    record Download(TaskKey log, String filename) {
    }

    private record Open(Download download, long expires) {
    }

    private final SecureRandom random = new SecureRandom();
    private final LongSupplier clock;
    private final Map<String, Open> open = new LinkedHashMap<>(); // oldest first

    DownloadLinks(LongSupplier clock) {
        this.clock = clock;
    }

    /** A new link's secret part (32 random bytes, URL-safe); it expires at {@link #expiresAt}. */
    synchronized String issue(Download download) {
        long now = clock.getAsLong();
        sweep(now);
        while (open.size() >= MAX_OPEN) {
            Iterator<String> oldest = open.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        open.put(id, new Open(download, now + TTL.toMillis()));
        return id;
    }

    synchronized long expiresAt(String id) {
        Open o = open.get(id);
        return o == null ? 0 : o.expires();
    }

    /** The download of a link that exists and has not expired, used up by this call; empty otherwise. */
    synchronized Optional<Download> redeem(String id) {
        Open o = open.remove(id);
        return o == null || o.expires() <= clock.getAsLong() ? Optional.empty() : Optional.of(o.download());
    }

    synchronized int size() {
        return open.size();
    }

    private void sweep(long now) {
        open.values().removeIf(o -> o.expires() <= now);
    }

    /** {@code <pipeline>-<run>-<task>.log}, or {@code ...-<task>.attempt-N.log} for a retried task; safe in a header. */
    static String filename(TaskKey task, int attempt, boolean retried) {
        String name = task.pipelineId() + "-" + task.runId() + "-" + task.taskId() + (retried ? ".attempt-" + attempt : "") + ".log";
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
