package dev.gofer.cli.pipeline;

import dev.gofer.cli.object.PipelineObjects;
import dev.gofer.cli.common.CommandGroup;
import picocli.CommandLine.Command;

@Command(name = "pipeline",
        mixinStandardHelpOptions = true,
        description = {"Register, deploy and inspect pipelines.", "",
                "Example:", "  gofer pipeline deploy examples/hello.yaml && gofer pipeline get hello", ""},
        subcommands = {DeployPipeline.class, ListPipelines.class, GetPipeline.class, PipelineState.Enable.class,
                PipelineState.Disable.class, PipelineHistory.Delete.class, PipelineHistory.Configs.class,
                PipelineHistory.Deployments.class, SubscribePipeline.class, UnsubscribePipeline.class,
                PipelineObjects.class})
public final class PipelineCommands extends CommandGroup {
}
