package dev.gofer.scheduler;

/** The innermost cause of a failure, as one short line for a "did not start" message. */
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
}
