package dev.gofer.store;

import io.vertx.core.Future;

/**
 * The contract's system preferences ({@code GET|PATCH /api/system}): whether the bootstrap token was issued, and
 * whether runs that extensions start are ignored (a switch for maintenance windows: users still start runs).
 */
public interface SystemPreferences {
    record Values(boolean bootstrapTokenCreated, boolean ignorePipelineRunEvents) {
    }

    /** No stored preferences: nothing is ignored, nothing can be changed (for tests and tools without a database). */
    SystemPreferences NONE = new SystemPreferences() {
        @Override
        public Future<Values> get() {
            return Future.succeededFuture(new Values(false, false));
        }

        @Override
        public Future<Values> setIgnorePipelineRunEvents(boolean ignore, long now) {
            return Future.failedFuture(new UnsupportedOperationException("no stored system preferences here"));
        }
    };

    Future<Values> get();

    /** Sets the switch and records an event in the same transaction; returns the values after the change. */
    Future<Values> setIgnorePipelineRunEvents(boolean ignore, long now);
}
