package dev.gofer.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.Fields;
import dev.gofer.cli.common.HumanTime;
import dev.gofer.cli.common.Table;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "list",
        mixinStandardHelpOptions = true,
        description = {"List a pipeline's runs, newest first.", "",
                "Examples:", "  gofer run list hello", "  gofer run list hello --limit 20 --offset 20   # the next page", ""})
public final class ListRuns implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Parameters(paramLabel = "PIPELINE", description = "pipeline id")
    String pipeline;

    @Option(names = {"-l", "--limit"}, paramLabel = "N", defaultValue = "10", description = "how many runs to show (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = {"-o", "--offset"}, paramLabel = "N", defaultValue = "0", description = "how many of the newest runs to skip (default: ${DEFAULT-VALUE})")
    int offset;

    @Override
    public Integer call() {
        JsonNode response = api.client().runs().list(api.namespace(), pipeline, limit, offset, true);
        if (api.json()) {
            api.printJson(response);
            return 0;
        }
        long now = System.currentTimeMillis();
        Table table = new Table("RUN", "STATE", "STATUS", "STARTED", "DURATION", "REASON");
        for (JsonNode run : Fields.required(response, "runs")) {
            table.row(run.path("run_id").asLong(), run.path("state").asText(), run.path("status").asText(),
                    HumanTime.ago(run.path("started").asLong(), now),
                    HumanTime.span(run.path("started").asLong(), run.path("ended").asLong(), now), Fields.reason(run));
        }
        if (table.isEmpty()) {
            api.out().printf(offset == 0 ? "pipeline %s has no runs yet; start one with `gofer run start %s --wait`%n"
                    : "no runs of %s past offset %d%n", pipeline, offset == 0 ? pipeline : offset);
            api.out().flush();
            return 0;
        }
        table.print(api.out());
        return 0;
    }
}
