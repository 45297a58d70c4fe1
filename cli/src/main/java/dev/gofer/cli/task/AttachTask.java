package dev.gofer.cli.task;

import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.RunParameters;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "attach",
        mixinStandardHelpOptions = true,
        description = {"Run a command inside a running task's container, with your stdin, stdout and stderr (no terminal:"
                + " no prompt or line editing). Needs write permission on the pipeline; who attached is recorded as an event."
                + " Ends when the command exits (exiting with its exit code) or the task ends; an interactive sh also at"
                + " the end of your input (Ctrl-D).",
                "", "Examples:", "  gofer task attach hello 3 slow-test", "  gofer task attach hello 3 slow-test -c 'ps; df -h'", ""})
public final class AttachTask implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Mixin
    RunParameters run;

    @Parameters(paramLabel = "TASK", description = "task id")
    String task;

    @Option(names = {"-c", "--command"}, paramLabel = "CMD",
            description = "a command line, run as sh -c CMD (default: sh, reading commands from your input)")
    String command;

    @Override
    public Integer call() {
        List<String> argv = command == null ? List.of("sh") : List.of("sh", "-c", command);
        // an interactive shell ends with your input (Ctrl-D); a -c command when it exits
        int exit = api.client().tasks().attach(api.namespace(), run.pipeline(), run.run(), task, argv, System.in, System.out, System.err,
                command == null);
        return exit < 0 ? 1 : exit;
    }
}
