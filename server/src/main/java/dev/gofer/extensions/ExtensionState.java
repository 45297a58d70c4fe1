package dev.gofer.extensions;

import java.util.Locale;

/**
 * Where a running extension is in its life (the contract's extension_state):
 * PROCESSING (container starting, waiting for Info/Init) → RUNNING → EXITED (crashed, stopped answering,
 * disabled, or could not start) → PROCESSING again when supervision restarts it.
 */
public enum ExtensionState {
    UNKNOWN, PROCESSING, RUNNING, EXITED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
