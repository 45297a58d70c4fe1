package dev.gofer.cli.run;

import dev.gofer.cli.common.ApiOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "cancel",
        mixinStandardHelpOptions = true,
        description = {"Cancel a run: its running tasks are stopped and the ones not started yet never start.", "",
                "Example:", "  gofer run cancel hello 3", ""})
public final class CancelRun implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Parameters(index = "0", paramLabel = "PIPELINE", description = "pipeline id")
    String pipeline;

    @Parameters(index = "1", paramLabel = "RUN", description = "run id")
    long runId;

    @Override
    public Integer call() {
        api.client().cancelRun(api.namespace(), pipeline, runId);
        api.out().printf("cancelling run %d of %s; check it with `gofer run get %s %d`%n", runId, pipeline, pipeline, runId);
        api.out().flush();
        return 0;
    }
}
