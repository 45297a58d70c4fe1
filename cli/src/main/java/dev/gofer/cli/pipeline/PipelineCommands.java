package dev.gofer.cli.pipeline;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "pipeline",
        mixinStandardHelpOptions = true,
        description = {"Register, deploy and inspect pipelines.", "",
                "Example:", "  gofer pipeline deploy examples/hello.yaml && gofer pipeline get hello", ""},
        subcommands = {DeployPipeline.class, ListPipelines.class, GetPipeline.class, PipelineState.Enable.class,
                PipelineState.Disable.class, SubscribePipeline.class, UnsubscribePipeline.class,
                dev.gofer.cli.object.PipelineObjects.class})
public final class PipelineCommands implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: pick one of deploy, list, get, enable, disable, subscribe, unsubscribe, object");
    }
}
