package dev.gofer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gofer version}: the same line as {@code gofer --version}, for those who type it as a command. */
@Command(name = "version",
        mixinStandardHelpOptions = true,
        description = {"Print the version of gofer (same as `gofer --version`).", "", "Example:", "  gofer version", ""})
final class VersionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.root().commandLine().printVersionHelp(spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
    }
}
