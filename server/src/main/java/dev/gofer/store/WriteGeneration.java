package dev.gofer.store;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the writes of this process to its database (every transaction and every connection taken for one, see
 * {@link SplitPool}), so a read can tell whether what it read may have changed since. A write bumps the generation
 * when it begins and again when it ends; a read stamped while no write was in progress stays valid as long as the
 * generation is the stamp's: no write has begun since, so reading again would read the same rows. Writes made by
 * another process (someone editing the database) are not counted; {@link ReadCache} bounds how long those go unseen.
 */
final class WriteGeneration {
    /** The stamp of a read made while a write was in progress: never valid. */
    static final long IN_PROGRESS = -1;

    private final AtomicLong generation = new AtomicLong();
    private final AtomicInteger inProgress = new AtomicInteger();

    /** For a pool whose writes are not counted: every read is taken as made during a write, so none is reused. */
    static WriteGeneration untracked() {
        WriteGeneration never = new WriteGeneration();
        never.begin();
        return never;
    }

    void begin() {
        inProgress.incrementAndGet();
        generation.incrementAndGet();
    }

    void end() {
        generation.incrementAndGet();
        inProgress.decrementAndGet();
    }

    /**
     * Taken before a read is issued. The order matters: a write that begins between the two loads below bumps the
     * generation after the stamp was taken, so the stamp is already stale when the read completes.
     */
    long stamp() {
        long now = generation.get();
        return inProgress.get() == 0 ? now : IN_PROGRESS;
    }

    boolean unchangedSince(long stamp) {
        return stamp != IN_PROGRESS && generation.get() == stamp;
    }
}
