package dev.gofer.cli.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.Fields;
import dev.gofer.cli.extension.ExtensionCommands;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "subscribe",
        mixinStandardHelpOptions = true,
        description = {"Subscribe a pipeline to an extension: the extension then starts runs of it when its event happens."
                + " The extension checks the settings; bad ones are refused and nothing is stored.", "",
                "Examples:", "  gofer pipeline subscribe hello interval every-5m --setting every=5m",
                "  gofer pipeline subscribe hello cron nightly --setting expression='0 3 * * *' --setting time_zone=Europe/Berlin", ""})
public final class SubscribePipeline implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ApiOptions api;
    @Parameters(index = "0", paramLabel = "PIPELINE", description = "pipeline id")
    String pipeline;
    @Parameters(index = "1", paramLabel = "EXTENSION", description = "extension id")
    String extension;
    @Parameters(index = "2", paramLabel = "LABEL", description = "name of this subscription (a pipeline may subscribe to one extension several times)")
    String label;
    @Option(names = {"-s", "--setting"}, paramLabel = "KEY=VALUE", description = "subscription setting (repeatable); see `gofer extension get EXTENSION`")
    List<String> settings;

    @Override
    public Integer call() {
        JsonNode sub = Fields.required(api.client().pipelines().subscribe(api.namespace(), pipeline, extension, label,
                ExtensionCommands.settings(spec, settings)), "subscription");
        api.print(sub, out -> out.printf("subscribed %s to %s as '%s' (%s)%n", pipeline, extension, label, sub.path("status").asText()));
        return 0;
    }
}
