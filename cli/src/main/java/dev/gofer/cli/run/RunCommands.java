package dev.gofer.cli.run;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {"Start, inspect and cancel runs of a pipeline.", "",
                "Example:", "  gofer run start hello --var GREETING=hi --wait", ""},
        subcommands = {StartRun.class, ListRuns.class, GetRun.class, CancelRun.class, dev.gofer.cli.object.RunObjects.class})
public final class RunCommands implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: pick one of start, list, get, cancel, object");
    }
}
