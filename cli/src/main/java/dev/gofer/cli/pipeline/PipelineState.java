package dev.gofer.cli.pipeline;

import dev.gofer.cli.common.ApiOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gofer pipeline enable|disable}: a disabled pipeline starts no runs (from anyone) until enabled again. */
final class PipelineState {
    private PipelineState() {
    }

    /** Both commands act on one pipeline, named by its id. */
    abstract static class PipelineStateCommand implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Parameters(paramLabel = "PIPELINE", description = "pipeline id")
        String pipeline;
    }

    @Command(name = "enable", mixinStandardHelpOptions = true,
            description = {"Enable a disabled pipeline so runs can start again.", "", "Example:", "  gofer pipeline enable hello", ""})
    static final class Enable extends PipelineStateCommand {
        @Override
        public Integer call() {
            api.client().pipelines().setState(api.namespace(), pipeline, "active");
            api.println("pipeline " + pipeline + " enabled");
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = {"Disable a pipeline: nothing can start it (CLI, API, webhooks) until it is enabled again."
                    + " Runs in progress continue.", "", "Example:", "  gofer pipeline disable hello", ""})
    static final class Disable extends PipelineStateCommand {
        @Override
        public Integer call() {
            api.client().pipelines().setState(api.namespace(), pipeline, "disabled");
            api.println("pipeline " + pipeline + " disabled: runs cannot start until `gofer pipeline enable " + pipeline + "`");
            return 0;
        }
    }
}
