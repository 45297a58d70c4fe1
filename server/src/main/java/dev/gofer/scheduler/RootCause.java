package dev.gofer.scheduler;

import java.io.IOException;

/** What a scheduler's failure comes down to: its innermost cause, and whether the engine or cluster did not answer. */
public final class RootCause {
    private RootCause() {
    }

    public static String of(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** True when the engine or API server did not answer (refused, unknown host, reset): an I/O failure in the chain. */
    public static boolean isConnectionProblem(Throwable e) {
        return hasInChain(e, IOException.class);
    }

    /** True when {@code e} or one of its causes is a {@code type}. */
    public static boolean hasInChain(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
