package dev.gofer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.model.TaskKey;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A download link serves one log, once, within a minute; links cannot be guessed and cannot pile up. */
class DownloadLinksTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final DownloadLinks links = new DownloadLinks(now::get);
    private final TaskKey task = new TaskKey("default", "p", 7, "flaky");
    private final DownloadLinks.Download attempt2 = new DownloadLinks.Download(task, "p-7-flaky.attempt-2.log");

    @Test
    void aLinkWorksOnce() {
        String id = links.issue(attempt2);
        assertEquals(now.get() + DownloadLinks.TTL.toMillis(), links.expiresAt(id));
        assertEquals(Optional.of(attempt2), links.redeem(id));
        assertEquals(Optional.empty(), links.redeem(id), "used up");
        assertEquals(0, links.size());
    }

    @Test
    void aLinkExpiresAfterAMinute() {
        String id = links.issue(attempt2);
        now.addAndGet(DownloadLinks.TTL.toMillis() - 1);
        String later = links.issue(attempt2);
        assertEquals(2, links.size());
        now.addAndGet(1);
        assertEquals(Optional.empty(), links.redeem(id), "expired");
        assertEquals(Optional.of(attempt2), links.redeem(later));
        links.issue(attempt2);
        now.addAndGet(DownloadLinks.TTL.toMillis());
        links.issue(attempt2);
        assertEquals(1, links.size(), "expired links are swept when a new one is issued");
    }

    @Test
    void linksAreRandomAndUrlSafe() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = links.issue(attempt2);
            assertTrue(id.matches("[A-Za-z0-9_-]{43}"), id); // 32 random bytes
            assertTrue(seen.add(id));
        }
        assertEquals(Optional.empty(), links.redeem("not-a-link"));
    }

    @Test
    void atMostMaxOpenLinksTheOldestGo() {
        String first = links.issue(attempt2);
        for (int i = 1; i < DownloadLinks.MAX_OPEN; i++) {
            links.issue(attempt2);
        }
        assertEquals(DownloadLinks.MAX_OPEN, links.size());
        String newest = links.issue(attempt2);
        assertEquals(DownloadLinks.MAX_OPEN, links.size());
        assertEquals(Optional.empty(), links.redeem(first));
        assertEquals(Optional.of(attempt2), links.redeem(newest));
    }

    @Test
    void filenamesNameTheAttemptOfARetriedTaskAndAreSafeInAHeader() {
        assertEquals("p-7-flaky.log", DownloadLinks.filename(task, 1, false));
        assertEquals("p-7-flaky.attempt-2.log", DownloadLinks.filename(task, 2, true));
        String odd = DownloadLinks.filename(new TaskKey("default", "p\"x", 1, "t;\r\n"), 1, false);
        assertEquals("p_x-1-t___.log", odd);
        assertNotEquals(-1, odd.indexOf(".log"));
    }
}
