package dev.gofer.cli.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.Fields;
import dev.gofer.cli.common.HumanTime;
import dev.gofer.cli.common.RunParameters;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "get",
        mixinStandardHelpOptions = true,
        description = {"Show one task execution: image, command, dependencies, state, exit code and the names of the"
                + " environment variables it got (values are left out: they may hold secrets; use --json to see them).",
                "", "Example:", "  gofer task get hello 3 greet", ""})
public final class GetTask implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Mixin
    RunParameters run;

    @Parameters(paramLabel = "TASK", description = "task id")
    String task;

    @Override
    public Integer call() {
        String pipeline = run.pipeline();
        long runId = run.run();
        JsonNode response = api.client().getTaskExecution(api.namespace(), pipeline, runId, task);
        if (api.json()) {
            api.printJson(response);
            return 0;
        }
        JsonNode execution = Fields.required(response, "task_execution");
        JsonNode definition = execution.path("task");
        long now = System.currentTimeMillis();
        PrintWriter out = api.out();
        out.printf("task %s of run %d of %s%n", task, runId, pipeline);
        out.printf("  image:      %s%n", definition.path("image").asText());
        out.printf("  command:    %s%n", words(definition.path("command")));
        if (definition.path("entrypoint").size() > 0) {
            out.printf("  entrypoint: %s%n", words(definition.path("entrypoint")));
        }
        List<String> parents = new ArrayList<>();
        definition.path("depends_on").fields().forEachRemaining(e -> parents.add(e.getKey() + " (" + e.getValue().asText() + ")"));
        out.printf("  depends on: %s%n", parents.isEmpty() ? "-" : String.join(", ", parents));
        out.printf("  state:      %s%n", execution.path("state").asText());
        out.printf("  status:     %s%s%n", execution.path("status").asText(),
                Fields.reason(execution).isEmpty() ? "" : " (" + Fields.reason(execution) + ")");
        if (execution.hasNonNull("status_reason")) {
            out.printf("  reason:     %s%n", execution.path("status_reason").path("reason").asText());
        }
        out.printf("  exit code:  %s%n", Fields.optionalNumber(execution, "exit_code"));
        controls(out, definition, execution);
        out.printf("  started:    %s%n", HumanTime.ago(execution.path("started").asLong(), now));
        out.printf("  duration:   %s%n", HumanTime.span(execution.path("started").asLong(), execution.path("ended").asLong(), now));
        List<String> keys = new ArrayList<>();
        for (JsonNode v : execution.path("variables")) {
            keys.add(v.path("key").asText() + " (" + v.path("source").asText() + ")");
        }
        out.printf("  variables:  %s%n", keys.isEmpty() ? "-" : String.join(", ", keys));
        out.printf("  logs:       %s%n", execution.path("logs_removed").asBoolean() ? "removed"
                : execution.path("logs_expired").asBoolean() ? "expired"
                : "gofer task logs " + pipeline + " " + runId + " " + task);
        out.flush();
        return 0;
    }

    /** Timeout, retries and limits when set; each earlier attempt of a retried task. */
    private static void controls(PrintWriter out, JsonNode definition, JsonNode execution) {
        if (definition.hasNonNull("timeout")) {
            out.printf("  timeout:    %s%n", definition.path("timeout").asText());
        }
        if (definition.path("resources").isObject()) {
            out.printf("  resources:  cpus %s, memory %s%n", definition.path("resources").path("cpus").asText("-"),
                    definition.path("resources").path("memory").asText("-"));
        }
        int attempt = execution.path("attempt").asInt(1);
        if (definition.path("retry").isObject() || attempt > 1) {
            out.printf("  attempt:    %d of %s%n", attempt, definition.path("retry").path("attempts").asText("1"));
        }
        for (JsonNode a : execution.path("attempts")) {
            out.printf("    attempt %d: exit code %s, %s, %s (logs: --attempt %d)%n", a.path("attempt").asInt(),
                    Fields.optionalNumber(a, "exit_code"), a.path("status_reason").path("reason").asText("-"),
                    HumanTime.span(a.path("started").asLong(), a.path("ended").asLong(), a.path("ended").asLong()),
                    a.path("attempt").asInt());
        }
    }

    private static String words(JsonNode array) {
        if (!array.isArray() || array.isEmpty()) {
            return "(image default)";
        }
        List<String> words = new ArrayList<>();
        array.forEach(w -> words.add(shellQuoted(w.asText())));
        return String.join(" ", words);
    }

    /** Quotes a word the way a shell would need it, so the command can be copied and pasted. */
    private static String shellQuoted(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
