package dev.gofer.cli.pipeline;

import dev.gofer.cli.common.ApiOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "unsubscribe",
        mixinStandardHelpOptions = true,
        description = {"Remove a pipeline's subscription: the extension stops starting runs for it.", "",
                "Example:", "  gofer pipeline unsubscribe hello interval every-5m", ""})
public final class UnsubscribePipeline implements Callable<Integer> {
    @Mixin
    ApiOptions api;
    @Parameters(index = "0", paramLabel = "PIPELINE", description = "pipeline id")
    String pipeline;
    @Parameters(index = "1", paramLabel = "EXTENSION", description = "extension id")
    String extension;
    @Parameters(index = "2", paramLabel = "LABEL", description = "subscription name")
    String label;

    @Override
    public Integer call() {
        api.client().pipelines().unsubscribe(api.namespace(), pipeline, extension, label);
        api.printf("unsubscribed %s from %s ('%s')%n", pipeline, extension, label);
        return 0;
    }
}
