package dev.gofer.cli.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.Fields;
import dev.gofer.cli.common.TaskExecutionTable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "list",
        mixinStandardHelpOptions = true,
        description = {"List the task executions of a run with their state, status and exit code.", "",
                "Example:", "  gofer task list hello 3", ""})
public final class ListTasks implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Parameters(index = "0", paramLabel = "PIPELINE", description = "pipeline id")
    String pipeline;

    @Parameters(index = "1", paramLabel = "RUN", description = "run id")
    long runId;

    @Override
    public Integer call() {
        JsonNode response = api.client().listTaskExecutions(api.namespace(), pipeline, runId);
        if (api.json()) {
            api.printJson(response);
            return 0;
        }
        TaskExecutionTable.of(Fields.required(response, "task_executions"), true, System.currentTimeMillis()).print(api.out());
        return 0;
    }
}
