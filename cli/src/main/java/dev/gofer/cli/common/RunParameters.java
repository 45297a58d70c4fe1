package dev.gofer.cli.common;

import picocli.CommandLine.Parameters;

/**
 * {@code PIPELINE RUN}: the first two parameters of every command about one run (run get/cancel, task list/get/logs,
 * run object ...). A command's own parameters follow them: picocli numbers positionals in the order they are declared.
 */
public final class RunParameters {
    @Parameters(paramLabel = "PIPELINE", description = "pipeline id")
    String pipeline;

    @Parameters(paramLabel = "RUN", description = "run id")
    long run;

    public String pipeline() {
        return pipeline;
    }

    public long run() {
        return run;
    }
}
