package dev.gofer.cli.token;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.CliConfig;
import dev.gofer.cli.common.CommandGroup;
import dev.gofer.cli.common.HumanTime;
import dev.gofer.cli.common.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "token",
        mixinStandardHelpOptions = true,
        description = {"API tokens: every command sends one (--token, env GOFER_TOKEN, or the one saved in ~/.gofer.yaml).", "",
                "First time on a new server:", "  gofer token bootstrap            # root token, saved to ~/.gofer.yaml (mode 0600)",
                "  gofer token create --user ci --role user --expires 30d", ""},
        subcommands = {TokenCommands.Bootstrap.class, TokenCommands.Create.class, TokenCommands.ListTokens.class,
                TokenCommands.Get.class, TokenCommands.Delete.class, TokenCommands.Enable.class, TokenCommands.Disable.class,
                TokenCommands.WhoAmI.class})
public final class TokenCommands extends CommandGroup {

    static void printToken(PrintWriter out, JsonNode t) {
        long now = System.currentTimeMillis();
        out.printf("token %s%n", t.path("id").asText());
        out.printf("  user:     %s%n", t.path("user").asText());
        out.printf("  roles:    %s%n", String.join(", ", texts(t.path("roles"))));
        out.printf("  state:    %s%n", t.path("disabled").asBoolean() ? "disabled" : "enabled");
        out.printf("  created:  %s%n", HumanTime.ago(t.path("created").asLong(), now));
        long expires = t.path("expires").asLong();
        out.printf("  expires:  %s%n", expires == 0 ? "never" : expires <= now ? "expired " + HumanTime.ago(expires, now)
                : "in " + HumanTime.duration(expires - now));
    }

    /** A command on one token, named by its id. */
    abstract static class TokenIdCommand implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Parameters(paramLabel = "ID", description = "token id")
        String id;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** 30d, 12h, 15m, 90s or a plain number of seconds; 0 = never. */
    static long seconds(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'd' -> 86_400;
            case 'h' -> 3_600;
            case 'm' -> 60;
            case 's' -> 1;
            default -> 0;
        };
        String number = unit == 0 ? t : t.substring(0, t.length() - 1);
        try {
            long n = Long.parseLong(number);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n * (unit == 0 ? 1 : unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--expires: '" + text + "' is not a duration; use e.g. 30d, 12h, 15m, 90s, or 0 for never");
        }
    }

    @Command(name = "bootstrap", mixinStandardHelpOptions = true,
            description = {"Get the root (admin) token of a new server. Works exactly once per server; the token is printed"
                    + " once and saved to the CLI config file (mode 0600).", "", "Example:", "  gofer token bootstrap", ""})
    static final class Bootstrap implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Option(names = "--no-save", description = "only print the token; do not write it to the config file")
        boolean noSave;

        @Override
        public Integer call() {
            JsonNode created = api.anonymousClient().tokens().bootstrap();
            String secret = created.path("secret").asText();
            if (api.json()) {
                api.printJson(created);
            } else {
                api.out().println(secret);
            }
            if (!noSave) {
                CliConfig.saveToken(api.configFile(), secret);
                api.err().println("root token saved to " + api.configFile() + " (mode 0600); it is shown only this once");
            } else {
                api.err().println("keep this token safe: it is shown only this once");
            }
            api.out().flush();
            api.err().flush();
            return 0;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a token. Its secret is printed once: hand it to its user (or set GOFER_TOKEN).", "",
                    "Example:", "  gofer token create --user ci-bot --role user --expires 90d", ""})
    static final class Create implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Option(names = "--user", required = true, paramLabel = "NAME", description = "who or what uses the token")
        String user;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "role id (repeat for several); see gofer role list")
        List<String> roles;

        @Option(names = "--expires", paramLabel = "DURATION", defaultValue = "0",
                description = {"lifetime: 30d, 12h, 15m, 90s; 0 = never", "default: ${DEFAULT-VALUE}"})
        String expires;

        @Option(names = "--save", description = "also save the new token to the config file, replacing the current one")
        boolean save;

        @Override
        public Integer call() {
            JsonNode created = api.client().tokens().create(user, roles, seconds(expires), null);
            if (api.json()) {
                api.printJson(created);
            } else {
                api.out().println(created.path("secret").asText());
                api.err().println("token " + created.path("token_details").path("id").asText() + " for " + user
                        + " created; the secret above is shown only this once");
            }
            if (save) {
                CliConfig.saveToken(api.configFile(), created.path("secret").asText());
                api.err().println("saved to " + api.configFile());
            }
            api.out().flush();
            api.err().flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List tokens (never their secrets).", "",
            "Example:", "  gofer token list", ""})
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Override
        public Integer call() {
            JsonNode res = api.client().tokens().list();
            api.print(res, out -> {
                long now = System.currentTimeMillis();
                Table table = new Table("ID", "USER", "ROLES", "STATE", "CREATED", "EXPIRES");
                res.path("tokens").forEach(t -> {
                    long exp = t.path("expires").asLong();
                    table.row(t.path("id").asText(), t.path("user").asText(), String.join(",", texts(t.path("roles"))),
                            t.path("disabled").asBoolean() ? "disabled" : exp != 0 && exp <= now ? "expired" : "enabled",
                            HumanTime.ago(t.path("created").asLong(), now),
                            exp == 0 ? "never" : exp <= now ? HumanTime.ago(exp, now) : "in " + HumanTime.duration(exp - now));
                });
                table.print(out);
            });
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = {"Show one token.", "", "Example:", "  gofer token get <id>", ""})
    static final class Get extends TokenIdCommand {
        @Override
        public Integer call() {
            JsonNode res = api.client().tokens().get(id);
            api.print(res, out -> printToken(out, res.path("token")));
            return 0;
        }
    }

    @Command(name = "whoami", mixinStandardHelpOptions = true, description = {"Show the token this CLI sends.", "",
            "Example:", "  gofer token whoami", ""})
    static final class WhoAmI implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Override
        public Integer call() {
            JsonNode res = api.client().tokens().whoami();
            api.print(res, out -> printToken(out, res.path("token")));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = {"Delete a token: it stops working at once.", "",
            "Example:", "  gofer token delete <id>", ""})
    static final class Delete extends TokenIdCommand {
        @Override
        public Integer call() {
            api.client().tokens().delete(id);
            api.println("token " + id + " deleted");
            return 0;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = {"Enable a disabled token.", "",
            "Example:", "  gofer token enable <id>", ""})
    static final class Enable extends TokenIdCommand {
        @Override
        public Integer call() {
            api.client().tokens().setDisabled(id, false);
            api.println("token " + id + " enabled");
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = {"Disable a token until it is enabled again.", "",
            "Example:", "  gofer token disable <id>", ""})
    static final class Disable extends TokenIdCommand {
        @Override
        public Integer call() {
            api.client().tokens().setDisabled(id, true);
            api.println("token " + id + " disabled");
            return 0;
        }
    }
}
