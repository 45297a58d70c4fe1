package dev.gofer.cli.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.Fields;
import dev.gofer.cli.common.RunParameters;
import dev.gofer.cli.common.TaskExecutionTable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list",
        mixinStandardHelpOptions = true,
        description = {"List the task executions of a run with their state, status and exit code.", "",
                "Example:", "  gofer task list hello 3", ""})
public final class ListTasks implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Mixin
    RunParameters run;

    @Override
    public Integer call() {
        JsonNode response = api.client().tasks().list(api.namespace(), run.pipeline(), run.run());
        api.print(response, out -> TaskExecutionTable.of(Fields.required(response, "task_executions"), true,
                System.currentTimeMillis()).print(out));
        return 0;
    }
}
