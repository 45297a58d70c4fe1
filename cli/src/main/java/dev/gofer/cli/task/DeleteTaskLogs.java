package dev.gofer.cli.task;

import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.RunParameters;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "delete-logs",
        mixinStandardHelpOptions = true,
        description = {"Delete the stored log (every attempt) of a finished task, e.g. one that printed what it should not"
                + " have. Refused while the task runs.", "", "Example:", "  gofer task delete-logs hello 3 greet", ""})
public final class DeleteTaskLogs implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Mixin
    RunParameters run;

    @Parameters(paramLabel = "TASK", description = "task id")
    String task;

    @Override
    public Integer call() {
        api.client().tasks().deleteLogs(api.namespace(), run.pipeline(), run.run(), task);
        api.println("log of task " + task + " of run " + run.run() + " deleted");
        return 0;
    }
}
