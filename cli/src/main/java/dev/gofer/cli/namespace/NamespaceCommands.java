package dev.gofer.cli.namespace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.cli.Gofer;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.CommandGroup;
import dev.gofer.cli.common.HumanTime;
import dev.gofer.cli.common.Table;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "namespace",
        mixinStandardHelpOptions = true,
        description = {"Namespaces hold pipelines and their runs; tokens can be limited to some (see gofer role).", "",
                "Example:", "  gofer namespace create team-a --name 'Team A'", "  gofer pipeline deploy hello.yaml --namespace team-a", ""},
        subcommands = {NamespaceCommands.Create.class, NamespaceCommands.ListNamespaces.class, NamespaceCommands.Get.class,
                NamespaceCommands.Update.class, NamespaceCommands.Delete.class})
public final class NamespaceCommands extends CommandGroup {

    static void print(PrintWriter out, JsonNode n) {
        long now = System.currentTimeMillis();
        out.printf("namespace %s%n", n.path("id").asText());
        out.printf("  name:        %s%n", n.path("name").asText());
        out.printf("  description: %s%n", n.path("description").asText());
        out.printf("  created:     %s%s%n", HumanTime.ago(n.path("created").asLong(), now),
                n.path("modified").asLong() == 0 ? "" : ", modified " + HumanTime.ago(n.path("modified").asLong(), now));
    }

    /** A command on one namespace, named by its id. */
    abstract static class NamespaceIdCommand implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Parameters(paramLabel = "ID", description = "namespace id")
        String id;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = {"Create a namespace.", "",
            "Example:", "  gofer namespace create team-a --name 'Team A' --description 'pipelines of team A'", ""})
    static final class Create implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Parameters(paramLabel = "ID", description = "lowercase letters, digits and hyphens")
        String id;

        @Option(names = "--name", description = "human name (default: the id)")
        String name;

        @Option(names = "--description", defaultValue = "", description = "what it is for")
        String description;

        @Override
        public Integer call() {
            api.print(api.client().namespaces().create(id, name == null ? id : name, description),
                    out -> out.println("namespace " + id + " created"));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List the namespaces your token may read.", "",
            "Example:", "  gofer namespace list", ""})
    static final class ListNamespaces implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Override
        public Integer call() {
            JsonNode res = api.client().namespaces().list();
            api.print(res, out -> {
                long now = System.currentTimeMillis();
                Table table = new Table("ID", "NAME", "CREATED", "DESCRIPTION");
                res.path("namespaces").forEach(n -> table.row(n.path("id").asText(), n.path("name").asText(),
                        HumanTime.ago(n.path("created").asLong(), now), n.path("description").asText()));
                table.print(out);
            });
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = {"Show a namespace.", "", "Example:", "  gofer namespace get team-a", ""})
    static final class Get extends NamespaceIdCommand {
        @Override
        public Integer call() {
            JsonNode res = api.client().namespaces().get(id);
            api.print(res, out -> print(out, res.path("namespace")));
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = {"Rename or re-describe a namespace.", "",
            "Example:", "  gofer namespace update team-a --name 'Team A (payments)'", ""})
    static final class Update extends NamespaceIdCommand {
        @Option(names = "--name", description = "new name")
        String name;

        @Option(names = "--description", description = "new description")
        String description;

        @Override
        public Integer call() {
            if (name == null && description == null) {
                throw new IllegalArgumentException("nothing to change: give --name and/or --description");
            }
            JsonNode res = api.client().namespaces().update(id, name, description);
            api.print(res, out -> print(out, res.path("namespace")));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = {"Delete a namespace and EVERYTHING in it: its"
            + " pipelines, configs, runs and logs. Its running runs are cancelled. Asks for confirmation unless --yes.", "",
            "Example:", "  gofer namespace delete team-a", ""})
    static final class Delete extends NamespaceIdCommand {
        @Spec
        CommandSpec spec;

        @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation")
        boolean yes;

        @Override
        public Integer call() throws IOException {
            if (!yes) {
                var input = spec.root().userObject() instanceof Gofer gofer ? gofer.input().orElse(null) : null;
                if (input == null) {
                    throw new IllegalArgumentException("deleting namespace " + id + " needs confirmation; pass --yes");
                }
                api.err().printf("This deletes namespace %s and everything in it (pipelines, runs, logs) and cancels its running runs.%n"
                        + "Type the namespace id to confirm: ", id);
                api.err().flush();
                String answer = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8)).readLine();
                if (answer == null || !answer.trim().equals(id)) {
                    api.err().println("not deleted (the answer did not match '" + id + "')");
                    api.err().flush();
                    return 1;
                }
            }
            api.client().namespaces().delete(id);
            api.println("namespace " + id + " deleted");
            return 0;
        }
    }
}
