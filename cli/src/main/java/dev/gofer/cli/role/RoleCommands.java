package dev.gofer.cli.role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.CommandGroup;
import dev.gofer.cli.common.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "role",
        mixinStandardHelpOptions = true,
        description = {"Roles: the system roles (admin, user, read-only) and custom ones made of permissions.", "",
                "A permission is ACTIONS=RESOURCES: actions read,write,delete; resources all, configs, deployments, events,",
                "namespaces:<regex>, pipelines:<regex>, runs, task_executions, tokens, permissions, system, ...",
                "Patterns match the whole id.", "",
                "Example: a token that runs team-a's pipelines and nothing else",
                "  gofer role create team-a --description 'team A' \\",
                "      --permission 'read,write=namespaces:team-a,pipelines:.*,configs,deployments,runs,task_executions,events'",
                "  gofer token create --user alice --role team-a", ""},
        subcommands = {RoleCommands.ListRoles.class, RoleCommands.Get.class, RoleCommands.Create.class,
                RoleCommands.Update.class, RoleCommands.Delete.class})
public final class RoleCommands extends CommandGroup {

    /** {@code read,write=runs,namespaces:^a$} → {@code {"actions": [...], "resources": [...]}}. */
    static ArrayNode permissions(List<String> specs) {
        ArrayNode out = ApiOptions.mapper().createArrayNode();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new IllegalArgumentException("--permission '" + spec + "': write it as ACTIONS=RESOURCES, e.g. read,write=runs,namespaces:team-a");
            }
            ObjectNode p = out.addObject();
            ArrayNode actions = p.putArray("actions");
            for (String a : spec.substring(0, eq).split(",")) {
                actions.add(a.trim());
            }
            ArrayNode resources = p.putArray("resources");
            for (String r : spec.substring(eq + 1).split(",")) {
                resources.add(r.trim());
            }
        }
        return out;
    }

    static String describe(JsonNode permission) {
        List<String> actions = new ArrayList<>();
        permission.path("actions").forEach(a -> actions.add(a.asText()));
        List<String> resources = new ArrayList<>();
        permission.path("resources").forEach(r -> resources.add(r.asText()));
        return String.join(",", actions) + "=" + String.join(",", resources);
    }

    /** A command on one role, named by its id. */
    abstract static class RoleIdCommand implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Parameters(paramLabel = "ROLE", description = "role id")
        String id;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List roles.", "", "Example:", "  gofer role list", ""})
    static final class ListRoles implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Override
        public Integer call() {
            JsonNode res = api.client().roles().list();
            api.print(res, out -> {
                Table table = new Table("ID", "SYSTEM", "DESCRIPTION");
                res.path("roles").forEach(r -> table.row(r.path("id").asText(), r.path("system_role").asBoolean() ? "yes" : "no",
                        r.path("description").asText()));
                table.print(out);
            });
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = {"Show a role and its permissions.", "",
            "Example:", "  gofer role get user", ""})
    static final class Get extends RoleIdCommand {
        @Override
        public Integer call() {
            JsonNode res = api.client().roles().get(id);
            api.print(res, out -> {
                JsonNode r = res.path("role");
                out.printf("role %s%s%n", r.path("id").asText(), r.path("system_role").asBoolean() ? "  (system role)" : "");
                out.printf("  description: %s%n", r.path("description").asText());
                out.println("  permissions:");
                r.path("permissions").forEach(p -> out.println("    " + describe(p)));
            });
            return 0;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = {"Create a custom role (admins only).", "",
            "Example:", "  gofer role create auditor --permission read=namespaces:.*,pipelines:.*,runs,events", ""})
    static final class Create implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Parameters(paramLabel = "ROLE", description = "role id: lowercase letters, digits, hyphens")
        String id;

        @Option(names = "--description", defaultValue = "", description = "what the role is for")
        String description;

        @Option(names = "--permission", required = true, paramLabel = "ACTIONS=RESOURCES", description = "repeat for several")
        List<String> permissions;

        @Override
        public Integer call() {
            ObjectNode body = ApiOptions.mapper().createObjectNode().put("id", id).put("description", description);
            body.set("permissions", permissions(permissions));
            api.print(api.client().roles().create(body), out -> out.println("role " + id + " created"));
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = {"Change a custom role's description or"
            + " permissions (given permissions replace all of them).", "",
            "Example:", "  gofer role update auditor --permission read=all", ""})
    static final class Update extends RoleIdCommand {
        @Option(names = "--description", description = "new description")
        String description;

        @Option(names = "--permission", paramLabel = "ACTIONS=RESOURCES", description = "repeat for several")
        List<String> permissions;

        @Override
        public Integer call() {
            ObjectNode body = ApiOptions.mapper().createObjectNode();
            if (description != null) {
                body.put("description", description);
            }
            if (permissions != null) {
                body.set("permissions", permissions(permissions));
            }
            api.print(api.client().roles().update(id, body), out -> out.println("role " + id + " updated"));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = {"Delete a custom role no token holds.", "",
            "Example:", "  gofer role delete auditor", ""})
    static final class Delete extends RoleIdCommand {
        @Override
        public Integer call() {
            api.client().roles().delete(id);
            api.println("role " + id + " deleted");
            return 0;
        }
    }
}
