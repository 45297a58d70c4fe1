package dev.gofer.cli.task;

import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.RunParameters;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs",
        mixinStandardHelpOptions = true,
        description = {"Print a task's output (stdout and stderr as the container wrote them). With --follow, keep"
                + " printing as the task writes until it ends.", "",
                "Examples:", "  gofer task logs hello 3 greet", "  gofer task logs hello 3 summary --follow",
                "  gofer task logs task-controls 1 flaky --attempt 1   # a retried task keeps each attempt's log", ""})
public final class TaskLogs implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Mixin
    RunParameters run;

    @Parameters(paramLabel = "TASK", description = "task id")
    String task;

    @Option(names = {"-f", "--follow"}, description = "keep streaming until the task ends")
    boolean follow;

    @Option(names = "--attempt", paramLabel = "N", description = "the log of attempt N (1-based) of a retried task; default: the latest")
    int attempt;

    @Override
    public Integer call() throws Exception {
        if (attempt < 0) {
            throw new IllegalArgumentException("--attempt must be 1 or more (the attempts of a task are numbered from 1), got " + attempt);
        }
        api.printBytes(out -> api.client().streamLogs(api.namespace(), run.pipeline(), run.run(), task, follow, attempt, out));
        return 0;
    }
}
