package dev.gofer.cli.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.CommandGroup;
import dev.gofer.cli.common.Fields;
import dev.gofer.cli.common.HumanTime;
import dev.gofer.cli.common.Table;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gofer pipeline delete}, {@code pipeline config list|delete}, {@code pipeline deployment list}. */
final class PipelineHistory {
    private PipelineHistory() {
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Delete a pipeline for good: its configs, runs, logs, objects, secrets and subscriptions."
                    + " Refused while runs are pending or running, unless --force, which cancels them first.", "",
                    "Example:", "  gofer pipeline delete old-nightly --force", ""})
    static final class Delete implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Parameters(paramLabel = "PIPELINE", description = "pipeline id")
        String pipeline;

        @Option(names = {"-f", "--force"}, description = "cancel the pipeline's pending and running runs first")
        boolean force;

        @Override
        public Integer call() {
            api.client().pipelines().delete(api.namespace(), pipeline, force);
            api.println("pipeline " + pipeline + " deleted");
            return 0;
        }
    }

    @Command(name = "config", mixinStandardHelpOptions = true,
            description = {"The config versions of a pipeline.", "", "Example:", "  gofer pipeline config list hello", ""},
            subcommands = {ListConfigs.class, DeleteConfig.class})
    static final class Configs extends CommandGroup {
        public Configs() {
            super("Missing command: pick list or delete");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List a pipeline's config versions.", ""})
    static final class ListConfigs implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Parameters(paramLabel = "PIPELINE", description = "pipeline id")
        String pipeline;

        @Override
        public Integer call() {
            JsonNode response = api.client().pipelines().listConfigs(api.namespace(), pipeline);
            long now = System.currentTimeMillis();
            api.print(response, out -> {
                Table table = new Table("VERSION", "STATE", "REGISTERED", "TASKS");
                for (JsonNode c : Fields.required(response, "configs")) {
                    table.row(c.path("version").asLong(), c.path("state").asText(),
                            HumanTime.ago(c.path("registered").asLong(), now), c.path("tasks").size());
                }
                table.print(out);
            });
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Delete a config version that is not live and that no unfinished run uses.", "",
                    "Example:", "  gofer pipeline config delete hello 3", ""})
    static final class DeleteConfig implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Parameters(index = "0", paramLabel = "PIPELINE", description = "pipeline id")
        String pipeline;

        @Parameters(index = "1", paramLabel = "VERSION", description = "config version (1 or more)")
        long version;

        @Override
        public Integer call() {
            api.client().pipelines().deleteConfig(api.namespace(), pipeline, version);
            api.println("config version " + version + " of pipeline " + pipeline + " deleted");
            return 0;
        }
    }

    @Command(name = "deployment", mixinStandardHelpOptions = true,
            description = {"The deployments of a pipeline: each switch of its live config.", "",
                    "Example:", "  gofer pipeline deployment list hello", ""},
            subcommands = {ListDeployments.class})
    static final class Deployments extends CommandGroup {
        public Deployments() {
            super("Missing command: pick list");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List a pipeline's deployments, oldest first.", ""})
    static final class ListDeployments implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Parameters(paramLabel = "PIPELINE", description = "pipeline id")
        String pipeline;

        @Override
        public Integer call() {
            JsonNode response = api.client().pipelines().listDeployments(api.namespace(), pipeline);
            long now = System.currentTimeMillis();
            api.print(response, out -> {
                Table table = new Table("DEPLOYMENT", "FROM", "TO", "STATUS", "WHEN");
                for (JsonNode d : Fields.required(response, "deployments")) {
                    table.row(d.path("deployment_id").asLong(), "v" + d.path("start_version").asLong(), "v" + d.path("end_version").asLong(),
                            d.path("status").asText(), HumanTime.ago(d.path("started").asLong(), now));
                }
                table.print(out);
            });
            return 0;
        }
    }
}
