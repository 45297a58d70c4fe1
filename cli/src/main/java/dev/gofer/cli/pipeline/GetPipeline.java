package dev.gofer.cli.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.Fields;
import dev.gofer.cli.common.HumanTime;
import dev.gofer.cli.common.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "get",
        mixinStandardHelpOptions = true,
        description = {"Show a pipeline: its state, the tasks of its live config (or the latest, if none is live) with"
                + " their dependencies, its run inputs, and its last 5 runs.", "", "Example:", "  gofer pipeline get hello", ""})
public final class GetPipeline implements Callable<Integer> {
    private static final int RECENT_RUNS = 5;

    @Mixin
    ApiOptions api;

    @Parameters(paramLabel = "PIPELINE", description = "pipeline id")
    String pipeline;

    @Override
    public Integer call() {
        JsonNode metadata = Fields.required(api.client().pipelines().get(api.namespace(), pipeline), "pipeline");
        JsonNode config = liveOrLatestConfig();
        JsonNode runs = Fields.required(api.client().runs().list(api.namespace(), pipeline, RECENT_RUNS, 0, true), "runs");

        if (api.json()) {
            ObjectNode out = ApiOptions.mapper().createObjectNode();
            out.set("pipeline", metadata);
            out.set("config", config);
            out.set("runs", runs);
            api.printJson(out);
            return 0;
        }
        PrintWriter out = api.out();
        long now = System.currentTimeMillis();
        out.printf("pipeline %s  (%s)%n", pipeline, metadata.path("state").asText());
        out.printf("  name:        %s%n", config.path("name").asText());
        if (!config.path("description").asText("").isBlank()) {
            out.printf("  description: %s%n", config.path("description").asText());
        }
        out.printf("  config:      version %d (%s), parallelism %s%n", config.path("version").asLong(),
                config.path("state").asText(), config.path("parallelism").asLong() == 0 ? "unlimited" : config.path("parallelism").asText());
        out.printf("  created:     %s, modified %s%n", HumanTime.ago(metadata.path("created").asLong(), now),
                HumanTime.ago(metadata.path("modified").asLong(), now));
        out.println();

        Table tasks = new Table("TASK", "IMAGE", "DEPENDS ON");
        config.path("tasks").fields().forEachRemaining(entry -> {
            JsonNode task = entry.getValue();
            tasks.row(entry.getKey(), task.path("image").asText(), dependencies(task.path("depends_on")));
        });
        tasks.print(out);
        out.println();
        printInputs(out, pipeline, config.path("inputs"));

        if (runs.isEmpty()) {
            out.printf("no runs yet; start one with `gofer run start %s --wait`%n", pipeline);
        } else {
            out.println("Last runs:");
            Table table = new Table("RUN", "STATE", "STATUS", "STARTED", "DURATION");
            for (JsonNode run : runs) {
                table.row(run.path("run_id").asLong(), run.path("state").asText(), run.path("status").asText(),
                        HumanTime.ago(run.path("started").asLong(), now),
                        HumanTime.span(run.path("started").asLong(), run.path("ended").asLong(), now));
            }
            table.print(out);
        }
        out.flush();
        return 0;
    }

    /** The run inputs a start takes (`--var NAME=value`), with their type, default and allowed values. */
    static void printInputs(PrintWriter out, String pipeline, JsonNode inputs) {
        if (!inputs.isArray() || inputs.isEmpty()) {
            return;
        }
        Table table = new Table("INPUT", "TYPE", "DEFAULT", "DESCRIPTION");
        for (JsonNode input : inputs) {
            String type = input.path("type").asText();
            if (input.path("choices").isArray()) {
                List<String> choices = new ArrayList<>();
                input.path("choices").forEach(c -> choices.add(c.asText()));
                type += " (" + String.join("|", choices) + ")";
            }
            String fallback = input.path("required").asBoolean() ? "(required)"
                    : input.path("default").isTextual() ? input.path("default").asText() : "-";
            table.row(input.path("name").asText(), type, fallback, input.path("description").asText(""));
        }
        table.print(out);
        out.printf("give them with `gofer run start %s --var NAME=value`; other variables are refused%n", pipeline);
        out.println();
    }

    private JsonNode liveOrLatestConfig() {
        for (JsonNode config : api.client().pipelines().listConfigs(api.namespace(), pipeline).path("configs")) {
            if ("live".equals(config.path("state").asText())) {
                return config;
            }
        }
        return Fields.required(api.client().pipelines().getConfig(api.namespace(), pipeline, 0), "config");
    }

    static String dependencies(JsonNode dependsOn) {
        List<String> parts = new ArrayList<>();
        dependsOn.fields().forEachRemaining(e -> parts.add(e.getKey() + " (" + e.getValue().asText() + ")"));
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }
}
