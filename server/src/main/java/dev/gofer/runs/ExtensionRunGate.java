package dev.gofer.runs;

import dev.gofer.bus.Bus.StartRun;
import dev.gofer.model.GoferException;
import dev.gofer.model.Variable;
import dev.gofer.store.SystemPreferences;
import io.vertx.core.Future;

/**
 * Whether a run may start at all, before the orchestrator looks at its pipeline: while the system preference
 * {@code ignore_pipeline_run_events} is on, runs that extensions start are refused (users' runs still start).
 */
final class ExtensionRunGate {
    private final SystemPreferences preferences;

    ExtensionRunGate(SystemPreferences preferences) {
        this.preferences = preferences;
    }

    Future<Void> admit(StartRun request) {
        if (!Variable.EXTENSION.equals(request.variableSource())) {
            return Future.succeededFuture();
        }
        return preferences.get().compose(p -> p.ignorePipelineRunEvents()
                ? Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT, "Gofer ignores runs started by extensions"
                        + " while the system preference ignore_pipeline_run_events is on (an admin turns it off:"
                        + " gofer system set --ignore-pipeline-run-events=false)"))
                : Future.succeededFuture());
    }
}
