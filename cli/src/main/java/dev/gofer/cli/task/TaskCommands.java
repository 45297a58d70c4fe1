package dev.gofer.cli.task;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "task",
        mixinStandardHelpOptions = true,
        description = {"Inspect the task executions of a run and read their logs.", "",
                "Example:", "  gofer task logs hello 3 greet --follow", ""},
        subcommands = {ListTasks.class, GetTask.class, TaskLogs.class})
public final class TaskCommands implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: pick one of list, get, logs");
    }
}
