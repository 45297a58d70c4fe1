package dev.gofer.cli.task;

import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.RunParameters;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "cancel",
        mixinStandardHelpOptions = true,
        description = {"Cancel one task of a running run. A waiting task ends at once; a running one's container is stopped"
                + " (SIGTERM, then SIGKILL after the server's task_stop_timeout). Tasks that depend on it are skipped, as"
                + " after any cancelled parent; the rest of the run goes on, and the run ends cancelled.",
                "", "Example:", "  gofer task cancel hello 3 slow-test", ""})
public final class CancelTask implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Mixin
    RunParameters run;

    @Parameters(paramLabel = "TASK", description = "task id")
    String task;

    @Override
    public Integer call() {
        api.client().tasks().cancel(api.namespace(), run.pipeline(), run.run(), task);
        api.println("cancelling task " + task + " of run " + run.run() + "; see it end with `gofer task get "
                + run.pipeline() + " " + run.run() + " " + task + "`");
        return 0;
    }
}
