package dev.gofer.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.Fields;
import dev.gofer.cli.common.HumanTime;
import dev.gofer.cli.common.TaskExecutionTable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "start",
        mixinStandardHelpOptions = true,
        description = {
                "Start a run of the pipeline's live config. Prints the run id, or with --wait shows progress and a summary"
                        + " of the tasks, and exits 0 only if the run succeeded (handy in scripts).",
                "Variables given with --var reach every task as environment variables.",
                "",
                "Examples:",
                "  gofer run start hello",
                "  gofer run start hello --var GREETING=hi --var TARGET=world --wait",
                ""})
public final class StartRun implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Parameters(paramLabel = "PIPELINE", description = "pipeline id")
    String pipeline;

    @Option(names = {"-v", "--var"}, paramLabel = "KEY=VALUE", description = "run variable (repeatable)")
    Map<String, String> variables = new LinkedHashMap<>();

    @Option(names = {"-w", "--wait"}, description = "wait for the run to finish; exit 1 unless it succeeded")
    boolean waitForEnd;

    @Override
    public Integer call() {
        JsonNode run = Fields.required(api.client().startRun(api.namespace(), pipeline, variables), "run");
        long runId = run.path("run_id").asLong();
        if (!waitForEnd) {
            if (api.json()) {
                api.printJson(wrap("run", run));
            } else {
                api.out().println(runId);
                api.out().flush();
                api.err().printf("started run %d of %s; follow it with `gofer run get %s %d`%n", runId, pipeline, pipeline, runId);
                api.err().flush();
            }
            return 0;
        }

        return waitAndReport(api, pipeline, runId);
    }

    /** Shows the run's progress until it ends, then its tasks; 0 only if it succeeded. */
    static int waitAndReport(ApiOptions api, String pipeline, long runId) {
        RunWatcher.Outcome outcome = new RunWatcher(api.client(), api.namespace(), pipeline, runId, api.err(),
                Duration.ofMillis(500)).waitForEnd();
        boolean successful = "successful".equals(outcome.run().path("status").asText());
        if (api.json()) {
            ObjectNode out = wrap("run", outcome.run());
            out.set("task_executions", outcome.taskExecutions());
            api.printJson(out);
            return successful ? 0 : 1;
        }
        long now = System.currentTimeMillis();
        TaskExecutionTable.of(outcome.taskExecutions(), false, now).print(api.out());
        String reason = Fields.reason(outcome.run());
        api.out().printf("run %d of %s: %s after %s%s%n", runId, pipeline, outcome.run().path("status").asText(),
                HumanTime.span(outcome.run().path("started").asLong(), outcome.run().path("ended").asLong(), now),
                reason.isEmpty() ? "" : " (" + reason + ")");
        api.out().flush();
        if (!successful) {
            api.err().printf("read a task's output with `gofer task logs %s %d <task>`%n", pipeline, runId);
            api.err().flush();
        }
        return successful ? 0 : 1;
    }

    private static ObjectNode wrap(String field, JsonNode node) {
        ObjectNode out = ApiOptions.mapper().createObjectNode();
        out.set(field, node);
        return out;
    }
}
