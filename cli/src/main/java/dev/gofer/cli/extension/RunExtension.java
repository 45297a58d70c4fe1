package dev.gofer.cli.extension;

import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import dev.gofer.extension.sdk.ExtensionContext;
import dev.gofer.extension.sdk.ExtensionRunner;
import dev.gofer.extension.sdk.GoferExtension;
import dev.gofer.extensions.cron.CronExtension;
import dev.gofer.extensions.interval.IntervalExtension;
import dev.gofer.extensions.webhook.WebhookExtension;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs one of the standard extensions in this process: what the gofer image does when Gofer starts it as an
 * extension container (command {@code extension run <id>}). It reads the environment Gofer gives every extension
 * container (GOFER_EXTENSION_SYSTEM_ID, _KEY, _GOFER_HOST, ...: see ExtensionEnvironment), so it is not meant to be run by hand.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a standard extension (interval, cron or webhook) in this process, as the gofer image does when"
                + " Gofer starts it; reads the environment Gofer sets for extension containers.", "",
                "To use one, install it from the gofer image instead:", "  gofer extension install webhook gofer:latest", ""})
public final class RunExtension implements Callable<Integer> {
    /** The extensions inside the gofer jar, by the id Gofer installs them under. */
    public static final Map<String, Function<ExtensionContext, GoferExtension>> STANDARD = Map.of(
            "interval", IntervalExtension::new,
            "cron", CronExtension::new,
            "webhook", WebhookExtension::new);

    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "ID", description = "interval, cron or webhook")
    String id;

    @Override
    public Integer call() throws InterruptedException {
        Function<ExtensionContext, GoferExtension> factory = STANDARD.get(id);
        if (factory == null) {
            throw new ParameterException(spec.commandLine(), "'" + id + "' is not a standard extension; pick one of "
                    + String.join(", ", new TreeSet<>(STANDARD.keySet())));
        }
        ExtensionRunner.run(factory); // exits with 1 when the environment is incomplete
        // the extension serves on Vert.x threads; returning would let `gofer` exit, so wait for SIGTERM
        new CountDownLatch(1).await();
        return 0;
    }
}
