package dev.gofer.cli;

import picocli.CommandLine.IVersionProvider;

/** The version comes from the jar's manifest when there is one (the shaded jar), else says it is a dev build. */
final class GoferVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Gofer.class.getPackage().getImplementationVersion();
        return new String[] {"gofer " + (version == null ? "(development build)" : version)};
    }
}
