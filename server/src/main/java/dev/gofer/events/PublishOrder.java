package dev.gofer.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hands committed events to the publisher in id order, even when the transactions that wrote them complete on
 * different threads in another order. Each event-writing transaction opens a slot when it takes its first id (event
 * writers are serialized, so slots open in id order and commit order); a slot's events are published once it and
 * every earlier slot have closed. A rolled-back transaction closes its slot empty, so it never holds later ones back.
 * Without this, two transactions committing back to back on PostgreSQL could publish out of id order, and a subscriber
 * that skips ids at or below the last one it sent (the replay/live handover) would drop the earlier event.
 */
final class PublishOrder {
    /** One transaction's events, in the order it recorded them. */
    static final class Slot {
        private final List<Event> events = new ArrayList<>();
        private boolean closed;

        synchronized void add(Event e) {
            events.add(e);
        }
    }

    private final Consumer<Event> publisher;
    private final Deque<Slot> open = new ArrayDeque<>();

    PublishOrder(Consumer<Event> publisher) {
        this.publisher = publisher;
    }

    /** A slot after every slot opened so far; call while holding the event writers' serialization. */
    synchronized Slot open() {
        Slot s = new Slot();
        open.add(s);
        return s;
    }

    /** Closes {@code slot} (null = the transaction recorded nothing); publishes its events only if it committed. */
    synchronized void close(Slot slot, boolean committed) {
        if (slot == null) {
            return;
        }
        synchronized (slot) {
            if (!committed) {
                slot.events.clear();
            }
            slot.closed = true;
        }
        while (!open.isEmpty() && open.peek().closed) {
            open.poll().events.forEach(publisher); // under the lock: the next closer publishes after these
        }
    }

    /** Slots opened and not yet published (for tests). */
    synchronized int waiting() {
        return open.size();
    }
}
