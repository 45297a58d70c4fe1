package dev.gofer.runs;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * Hands inputs to one handler, one at a time, in arrival order. An input offered while the handler is busy
 * (the handler's own action completed at once and reported back) waits in the queue and is handled after the
 * current one returns, never inside it. Not thread-safe: used from one Vert.x context.
 */
final class SerialInbox<T> {
    private final Queue<T> queue = new ArrayDeque<>();
    private final Consumer<T> handler;
    private boolean draining;

    SerialInbox(Consumer<T> handler) {
        this.handler = handler;
    }

    void offer(T input) {
        queue.add(input);
        if (draining) {
            return; // the loop below, further up this thread's stack, takes it next
        }
        draining = true;
        try {
            for (T next = queue.poll(); next != null; next = queue.poll()) {
                handler.accept(next);
            }
        } finally {
            draining = false;
        }
    }
}
