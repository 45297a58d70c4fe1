package dev.gofer.cli.common;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A command written once for several places it can act on (a pipeline's objects and a run's; a pipeline's secrets
 * and the global ones). The scope is a mixin chosen by the concrete command's constructor; it holds the parameters
 * that say where ({@code PIPELINE}, {@code PIPELINE RUN} or none). Both mixins are declared here, in the superclass,
 * because picocli reads superclass fields first: the scope's parameters are numbered before a command's own.
 */
public abstract class ScopedCommand<S> implements Callable<Integer> {
    @Mixin
    protected ApiOptions api;

    @Mixin
    protected final S scope;

    protected ScopedCommand(S scope) {
        this.scope = scope;
    }
}
