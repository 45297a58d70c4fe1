package dev.gofer.cli.task;

import dev.gofer.cli.common.CommandGroup;
import picocli.CommandLine.Command;

@Command(name = "task",
        mixinStandardHelpOptions = true,
        description = {"Inspect the task executions of a run, read their logs, cancel one, attach to one.", "",
                "Example:", "  gofer task logs hello 3 greet --follow", ""},
        subcommands = {ListTasks.class, GetTask.class, TaskLogs.class, CancelTask.class, AttachTask.class, DeleteTaskLogs.class})
public final class TaskCommands extends CommandGroup {
}
