package dev.gofer.cli.service;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "service",
        mixinStandardHelpOptions = true,
        description = {"Run the Gofer server.", "", "Example:", "  gofer service start --port 8080 --data-dir ./gofer-data", ""},
        subcommands = StartService.class)
public final class ServiceCommands implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: try `gofer service start`");
    }
}
