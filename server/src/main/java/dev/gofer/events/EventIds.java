package dev.gofer.events;

/**
 * Time-ordered event ids: 12 hex digits of epoch milliseconds, then 6 of a sequence within that millisecond, so
 * string order is emission order. Monotonic even if the clock steps back (the previous time is kept).
 * Not thread-safe: the event log calls it under its own lock, while holding the event writers' serialization.
 */
public final class EventIds {
    private long lastMillis;
    private long seq;

    /** Continues after {@code lastId} (the newest stored id, or null), so ids keep growing across restarts. */
    public EventIds(String lastId) {
        if (lastId != null && lastId.length() == 18) {
            lastMillis = Long.parseLong(lastId.substring(0, 12), 16);
            seq = Long.parseLong(lastId.substring(12), 16);
        }
    }

    public String next(long nowMillis) {
        if (nowMillis > lastMillis) {
            lastMillis = nowMillis;
            seq = 0;
        } else {
            seq++;
            if (seq > 0xffffffL) {
                lastMillis++;
                seq = 0;
            }
        }
        return String.format("%012x%06x", lastMillis, seq);
    }

    /** Whether {@code id} has the shape {@link #next} produces (checks {@code from=} before it reaches SQL). */
    public static boolean valid(String id) {
        return id != null && id.matches("[0-9a-f]{18}");
    }
}
