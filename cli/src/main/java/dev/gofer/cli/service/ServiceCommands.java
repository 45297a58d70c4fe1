package dev.gofer.cli.service;

import dev.gofer.cli.common.CommandGroup;
import picocli.CommandLine.Command;

@Command(name = "service",
        mixinStandardHelpOptions = true,
        description = {"Run the Gofer server.", "", "Example:", "  gofer service start --port 8080 --data-dir ./gofer-data", ""},
        subcommands = {StartService.class, HealthService.class})
public final class ServiceCommands extends CommandGroup {
    public ServiceCommands() {
        super("Missing command: try `gofer service start`");
    }
}
