package dev.gofer.cli.secret;

import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.CommandGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "secret",
        mixinStandardHelpOptions = true,
        description = {"Pipeline and global secrets, stored encrypted. Tasks receive one through a variable set to"
                + " pipeline_secret{{KEY}} or global_secret{{KEY}}; its value is masked in their logs.", "",
                "Examples:", "  printf %%s \"$DB_PASS\" | gofer secret pipeline put build DB_PASS -",
                "  gofer secret global put REGISTRY_TOKEN - --namespaces 'team-.*' < token.txt", ""},
        subcommands = {SecretCommands.Pipeline.class, SecretCommands.Global.class})
public final class SecretCommands extends CommandGroup {

    @Command(name = "pipeline", mixinStandardHelpOptions = true,
            description = {"Secrets of one pipeline.", "", "Example:", "  gofer secret pipeline list build", ""},
            subcommands = {Pipeline.List.class, Pipeline.Get.class, Pipeline.Put.class, Pipeline.Delete.class})
    static final class Pipeline extends CommandGroup {
        /** {@code PIPELINE}: the secrets of one pipeline. */
        static final class Secrets implements SecretActions.Scope {
            @Parameters(paramLabel = "PIPELINE", description = "pipeline id")
            String pipeline;

            @Override
            public String secrets(ApiOptions api) {
                return api.client().secrets().of(api.namespace(), pipeline);
            }

            @Override
            public boolean global() {
                return false;
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = {"List a pipeline's secret keys (never values).", "",
                "Example:", "  gofer secret pipeline list build", ""})
        static final class List extends SecretActions.ListSecrets {
            List() {
                super(new Secrets());
            }
        }

        @Command(name = "get", mixinStandardHelpOptions = true, description = {"Show a pipeline secret's metadata; its value with -i.", "",
                "Example:", "  gofer secret pipeline get build DB_PASS --include-secret", ""})
        static final class Get extends SecretActions.GetSecret {
            Get() {
                super(new Secrets());
            }
        }

        @Command(name = "put", mixinStandardHelpOptions = true, description = {"Store a pipeline secret.", "",
                "Examples:", "  gofer secret pipeline put build DB_PASS -        # reads the value from stdin",
                "  gofer secret pipeline put build DB_PASS 'hunter2' --force", ""})
        static final class Put extends SecretActions.PutSecret {
            Put() {
                super(new Secrets());
            }
        }

        @Command(name = "delete", mixinStandardHelpOptions = true, description = {"Delete a pipeline secret.", "",
                "Example:", "  gofer secret pipeline delete build DB_PASS", ""})
        static final class Delete extends SecretActions.DeleteSecret {
            Delete() {
                super(new Secrets());
            }
        }
    }

    @Command(name = "global", mixinStandardHelpOptions = true,
            description = {"Secrets shared across pipelines; each says which namespaces may use it.", "",
                    "Example:", "  gofer secret global list", ""},
            subcommands = {Global.List.class, Global.Get.class, Global.Put.class, Global.Delete.class})
    static final class Global extends CommandGroup {
        /** No parameter: the global secrets. */
        @Command // picocli takes a class as a mixin only if it carries one of its annotations
        static final class Secrets implements SecretActions.Scope {
            @Override
            public String secrets(ApiOptions api) {
                return api.client().secrets().of(api.namespace(), null);
            }

            @Override
            public boolean global() {
                return true;
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = {"List global secret keys and namespace patterns.", "",
                "Example:", "  gofer secret global list", ""})
        static final class List extends SecretActions.ListSecrets {
            List() {
                super(new Secrets());
            }
        }

        @Command(name = "get", mixinStandardHelpOptions = true, description = {"Show a global secret's metadata; its value with -i.", "",
                "Example:", "  gofer secret global get REGISTRY_TOKEN", ""})
        static final class Get extends SecretActions.GetSecret {
            Get() {
                super(new Secrets());
            }
        }

        @Command(name = "put", mixinStandardHelpOptions = true, description = {"Store a global secret.", "",
                "Examples:", "  gofer secret global put REGISTRY_TOKEN - --namespaces 'team-.*' --namespaces default < token.txt",
                "  gofer secret global put SHARED 'value'        # usable from every namespace", ""})
        static final class Put extends SecretActions.PutSecret {
            @Option(names = "--namespaces", paramLabel = "REGEX", defaultValue = ".*", split = ",",
                    description = "namespaces that may use it: regular expressions matched against the whole namespace id"
                            + " (repeatable; default: ${DEFAULT-VALUE}, every namespace)")
            java.util.List<String> namespaces;

            Put() {
                super(new Secrets());
            }

            @Override
            java.util.List<String> namespaces() {
                return namespaces;
            }
        }

        @Command(name = "delete", mixinStandardHelpOptions = true, description = {"Delete a global secret.", "",
                "Example:", "  gofer secret global delete SHARED", ""})
        static final class Delete extends SecretActions.DeleteSecret {
            Delete() {
                super(new Secrets());
            }
        }
    }
}
