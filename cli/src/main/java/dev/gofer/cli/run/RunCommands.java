package dev.gofer.cli.run;

import dev.gofer.cli.object.RunObjects;
import dev.gofer.cli.common.CommandGroup;
import picocli.CommandLine.Command;

@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {"Start, inspect, cancel and retry runs of a pipeline.", "",
                "Example:", "  gofer run start hello --var GREETING=hi --wait", ""},
        subcommands = {StartRun.class, ListRuns.class, GetRun.class, CancelRun.class, RetryRun.class, RunObjects.class})
public final class RunCommands extends CommandGroup {
}
