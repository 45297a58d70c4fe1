package dev.gofer.cli.extension;

import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.cli.Gofer;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.CommandGroup;
import dev.gofer.cli.common.Fields;
import dev.gofer.cli.common.HumanTime;
import dev.gofer.cli.common.Table;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "extension",
        mixinStandardHelpOptions = true,
        description = {"Install and manage extensions: containers Gofer runs and supervises that start runs of the"
                + " pipelines subscribed to them (timers, cron, webhooks).", "",
                "Example:", "  gofer extension install interval gofer:latest --setting min_interval=30s",
                "  gofer pipeline subscribe hello interval every-5m --setting every=5m", ""},
        subcommands = {ExtensionCommands.Install.class, ExtensionCommands.ListExtensions.class, ExtensionCommands.Get.class,
                ExtensionCommands.Logs.class, ExtensionCommands.Debug.class, ExtensionCommands.Enable.class, ExtensionCommands.Disable.class,
                ExtensionCommands.Uninstall.class, RunExtension.class})
public final class ExtensionCommands extends CommandGroup {

    /** {@code K=V} pairs from repeated {@code --setting} options, refusing ones without '='. */
    public static Map<String, String> settings(CommandSpec spec, List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        if (pairs != null) {
            for (String pair : pairs) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new ParameterException(spec.commandLine(), "--setting must be KEY=VALUE, got '" + pair + "'");
                }
                out.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return out;
    }

    /** A command on one installed extension, named by its id. */
    abstract static class ExtensionIdCommand implements Callable<Integer> {
        @Mixin
        ApiOptions api;
        @Parameters(paramLabel = "ID", description = "extension id")
        String id;
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Install an extension from its container image and start it; it answers once the extension runs.", "",
                    "Example:", "  gofer extension install interval gofer:latest --setting min_interval=30s",
                    "(the gofer image runs the standard extensions interval, cron and webhook)", ""})
    public static final class Install implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ApiOptions api;
        @Parameters(index = "0", paramLabel = "ID", description = "extension id, e.g. interval")
        String id;
        @Parameters(index = "1", paramLabel = "IMAGE", description = "container image")
        String image;
        @Option(names = {"-s", "--setting"}, paramLabel = "KEY=VALUE", description = "install setting (repeatable); see the extension's documentation")
        List<String> settings;

        @Override
        public Integer call() {
            JsonNode ext = Fields.required(api.client().extensions().install(id, image, settings(spec, settings)), "extension");
            api.print(ext, out -> out.printf("installed extension %s (%s); see its settings with `gofer extension get %s`%n", id,
                    ext.path("state").asText(), id));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List installed extensions and their state.", ""})
    public static final class ListExtensions implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Override
        public Integer call() {
            JsonNode list = Fields.required(api.client().extensions().list(), "extensions");
            api.print(list, out -> {
                if (list.isEmpty()) {
                    out.println("no extensions installed; install one with `gofer extension install <id> <image>`");
                    return;
                }
                long now = System.currentTimeMillis();
                Table table = new Table("ID", "IMAGE", "STATUS", "STATE", "STARTED", "RESTARTS", "LAST ERROR");
                for (JsonNode e : list) {
                    JsonNode reg = e.path("registration");
                    table.row(reg.path("extension_id").asText(), reg.path("image").asText(), reg.path("status").asText(),
                            e.path("state").asText(), e.path("started").asLong() == 0 ? "-" : HumanTime.ago(e.path("started").asLong(), now),
                            e.path("restarts").asInt(), e.path("last_error").isNull() ? "-" : e.path("last_error").asText("-"));
                }
                table.print(out);
            });
            return 0;
        }
    }

    @Command(name = "debug", mixinStandardHelpOptions = true,
            description = {"What Gofer knows of an extension: its state, restarts, last error, the container it runs in and"
                    + " its subscriptions with their status (never its key or settings).", "",
                    "Example:", "  gofer extension debug interval", ""})
    public static final class Debug extends ExtensionIdCommand {
        @Override
        public Integer call() {
            JsonNode debug = api.client().extensions().debug(id);
            api.print(debug, out -> out.println(debug.path("info").asText()));
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = {"Show an extension: state, last error, its documentation and settings, and its subscriptions.", "",
                    "Example:", "  gofer extension get interval", ""})
    public static final class Get extends ExtensionIdCommand {
        @Override
        public Integer call() {
            JsonNode e = Fields.required(api.client().extensions().get(id), "extension");
            JsonNode subs = api.client().extensions().listSubscriptions(id).path("subscriptions");
            api.print(e, out -> print(out, e, subs));
            return 0;
        }

        private void print(PrintWriter out, JsonNode e, JsonNode subs) {
            JsonNode reg = e.path("registration");
            out.printf("extension %s  (%s, %s)%n", id, reg.path("status").asText(), e.path("state").asText());
            out.printf("  image:      %s%n", reg.path("image").asText());
            out.printf("  restarts:   %d%n", e.path("restarts").asInt());
            if (!e.path("last_error").isNull() && !e.path("last_error").asText("").isEmpty()) {
                out.printf("  last error: %s%n", e.path("last_error").asText());
            }
            JsonNode doc = e.path("documentation");
            out.println();
            out.println(doc.path("body").asText("(no documentation: the extension has not answered yet)"));
            params(out, "Install settings (gofer extension install --setting K=V):", doc.path("config_params"));
            params(out, "Subscription settings (gofer pipeline subscribe --setting K=V):", doc.path("pipeline_subscription_params"));
            out.println();
            if (subs.isEmpty()) {
                out.println("no subscriptions");
            } else {
                Table table = new Table("NAMESPACE", "PIPELINE", "SUBSCRIPTION", "STATUS", "REASON");
                for (JsonNode s : subs) {
                    table.row(s.path("namespace_id").asText(), s.path("pipeline_id").asText(), s.path("subscription_id").asText(),
                            s.path("status").asText(), s.path("status_reason").path("description").asText("-"));
                }
                table.print(out);
            }
        }

        private static void params(PrintWriter out, String title, JsonNode params) {
            if (params.isEmpty()) {
                return;
            }
            out.println();
            out.println(title);
            for (JsonNode p : params) {
                out.printf("  %-14s %s%s%n", p.path("key").asText(), p.path("required").asBoolean() ? "(required) " : "",
                        p.path("documentation").asText());
            }
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true,
            description = {"Print the extension container's output (every start, oldest first). With --follow, keep printing.", "",
                    "Example:", "  gofer extension logs interval --follow", ""})
    public static final class Logs extends ExtensionIdCommand {
        @Option(names = {"-f", "--follow"}, description = "keep streaming new output")
        boolean follow;

        @Override
        public Integer call() throws Exception {
            api.printBytes(out -> api.client().extensions().streamLogs(id, follow, out));
            return 0;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = {"Enable and start a disabled extension.", ""})
    public static final class Enable extends ExtensionIdCommand {
        @Override
        public Integer call() {
            api.client().extensions().setEnabled(id, true);
            api.printf("extension %s enabled and running%n", id);
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = {"Stop an extension and keep it stopped (its subscriptions are kept and re-sent when enabled).", ""})
    public static final class Disable extends ExtensionIdCommand {
        @Override
        public Integer call() {
            api.client().extensions().setEnabled(id, false);
            api.printf("extension %s disabled (stopped)%n", id);
            return 0;
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true,
            description = {"Unsubscribe every pipeline from the extension, stop it and forget it.", ""})
    public static final class Uninstall extends ExtensionIdCommand {
        @Override
        public Integer call() {
            api.client().extensions().uninstall(id);
            api.printf("extension %s uninstalled%n", id);
            return 0;
        }
    }
}
