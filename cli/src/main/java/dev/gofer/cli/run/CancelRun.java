package dev.gofer.cli.run;

import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.RunParameters;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "cancel",
        mixinStandardHelpOptions = true,
        description = {"Cancel a run: its running tasks are stopped and the ones not started yet never start.", "",
                "Example:", "  gofer run cancel hello 3", ""})
public final class CancelRun implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Mixin
    RunParameters run;

    @Override
    public Integer call() {
        api.client().runs().cancel(api.namespace(), run.pipeline(), run.run());
        api.printf("cancelling run %d of %s; check it with `gofer run get %s %d`%n", run.run(), run.pipeline(), run.pipeline(), run.run());
        return 0;
    }
}
