package dev.gofer.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.Fields;
import dev.gofer.cli.common.HumanTime;
import dev.gofer.cli.common.RunParameters;
import dev.gofer.cli.common.TaskExecutionTable;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "get",
        mixinStandardHelpOptions = true,
        description = {"Show one run: its state and status, who started it, its variables and its tasks.", "",
                "Example:", "  gofer run get hello 3", ""})
public final class GetRun implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Mixin
    RunParameters ids;

    @Override
    public Integer call() {
        String pipeline = ids.pipeline();
        long runId = ids.run();
        JsonNode response = api.client().getRun(api.namespace(), pipeline, runId);
        if (api.json()) {
            api.printJson(response);
            return 0;
        }
        JsonNode run = Fields.required(response, "run");
        JsonNode tasks = api.client().listTaskExecutions(api.namespace(), pipeline, runId).path("task_executions");
        long now = System.currentTimeMillis();
        PrintWriter out = api.out();
        out.printf("run %d of %s  (config version %d)%n", runId, pipeline, run.path("pipeline_config_version").asLong());
        out.printf("  state:     %s%n", run.path("state").asText());
        out.printf("  status:    %s%s%n", run.path("status").asText(),
                Fields.reason(run).isEmpty() ? "" : " (" + Fields.reason(run) + ")");
        JsonNode waiting = run.path("waiting_for");
        if (waiting.isObject()) {
            out.printf("  waiting:   %s (%s; behind run %d of %s)%n", waiting.path("description").asText(),
                    waiting.path("kind").asText(), waiting.path("run_id").asLong(), waiting.path("pipeline_id").asText());
            out.printf("  queued:    %s%n", HumanTime.ago(run.path("started").asLong(), now));
        } else {
            out.printf("  started:   %s%n", HumanTime.ago(run.path("started").asLong(), now));
        }
        out.printf("  duration:  %s%n", HumanTime.span(run.path("started").asLong(), run.path("ended").asLong(), now));
        JsonNode initiator = run.path("initiator");
        if (initiator.isObject()) {
            out.printf("  initiator: %s%n", initiator.path("user").asText(initiator.path("id").asText("-")));
        }
        if (run.path("variables").size() > 0) {
            out.println("  variables:");
            for (JsonNode v : run.path("variables")) {
                out.printf("    %s=%s  (%s)%n", v.path("key").asText(), v.path("value").asText(), v.path("source").asText());
            }
        }
        out.println();
        TaskExecutionTable.of(tasks, true, now).print(out);
        out.flush();
        return 0;
    }
}
