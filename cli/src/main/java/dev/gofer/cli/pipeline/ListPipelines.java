package dev.gofer.cli.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.Fields;
import dev.gofer.cli.common.HumanTime;
import dev.gofer.cli.common.Table;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list",
        mixinStandardHelpOptions = true,
        description = {"List the pipelines of a namespace.", "", "Example:", "  gofer pipeline list -n default", ""})
public final class ListPipelines implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Override
    public Integer call() {
        JsonNode response = api.client().pipelines().list(api.namespace());
        if (api.json()) {
            api.printJson(response);
            return 0;
        }
        long now = System.currentTimeMillis();
        Table table = new Table("PIPELINE", "STATE", "CREATED", "MODIFIED");
        for (JsonNode p : Fields.required(response, "pipelines")) {
            table.row(p.path("pipeline_id").asText(), p.path("state").asText(),
                    HumanTime.ago(p.path("created").asLong(), now), HumanTime.ago(p.path("modified").asLong(), now));
        }
        if (table.isEmpty()) {
            api.out().printf("no pipelines in namespace %s yet; add one with `gofer pipeline deploy examples/hello.yaml`%n",
                    api.namespace());
            api.out().flush();
            return 0;
        }
        table.print(api.out());
        return 0;
    }
}
