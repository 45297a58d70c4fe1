package dev.gofer.cli.secret;

import dev.gofer.cli.common.ApiOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "secret",
        mixinStandardHelpOptions = true,
        description = {"Pipeline and global secrets, stored encrypted. Tasks receive one through a variable set to"
                + " pipeline_secret{{KEY}} or global_secret{{KEY}}; its value is masked in their logs.", "",
                "Examples:", "  printf %%s \"$DB_PASS\" | gofer secret pipeline put build DB_PASS -",
                "  gofer secret global put REGISTRY_TOKEN - --namespaces 'team-.*' < token.txt", ""},
        subcommands = {SecretCommands.Pipeline.class, SecretCommands.Global.class})
public final class SecretCommands implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: pick one of pipeline, global");
    }

    @Command(name = "pipeline", mixinStandardHelpOptions = true,
            description = {"Secrets of one pipeline.", "", "Example:", "  gofer secret pipeline list build", ""},
            subcommands = {PipelineList.class, PipelineGet.class, PipelinePut.class, PipelineDelete.class})
    static final class Pipeline implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            throw new ParameterException(spec.commandLine(), "Missing command: pick one of list, get, put, delete");
        }
    }

    @Command(name = "global", mixinStandardHelpOptions = true,
            description = {"Secrets shared across pipelines; each says which namespaces may use it.", "",
                    "Example:", "  gofer secret global list", ""},
            subcommands = {GlobalList.class, GlobalGet.class, GlobalPut.class, GlobalDelete.class})
    static final class Global implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            throw new ParameterException(spec.commandLine(), "Missing command: pick one of list, get, put, delete");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List a pipeline's secret keys (never values).", "",
            "Example:", "  gofer secret pipeline list build", ""})
    static final class PipelineList implements Callable<Integer> {
        @Mixin
        ApiOptions api;
        @Parameters(index = "0", paramLabel = "PIPELINE", description = "pipeline id")
        String pipeline;

        @Override
        public Integer call() {
            return SecretActions.list(api, api.client().secrets(api.namespace(), pipeline), false);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = {"Show a pipeline secret's metadata; its value with -i.", "",
            "Example:", "  gofer secret pipeline get build DB_PASS --include-secret", ""})
    static final class PipelineGet implements Callable<Integer> {
        @Mixin
        ApiOptions api;
        @Parameters(index = "0", paramLabel = "PIPELINE", description = "pipeline id")
        String pipeline;
        @Parameters(index = "1", paramLabel = "KEY", description = "secret key")
        String key;
        @Option(names = {"-i", "--include-secret"}, description = "also print the value")
        boolean include;

        @Override
        public Integer call() {
            return SecretActions.get(api, api.client().secrets(api.namespace(), pipeline), key, include);
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true, description = {"Store a pipeline secret.", "",
            "Examples:", "  gofer secret pipeline put build DB_PASS -        # reads the value from stdin",
            "  gofer secret pipeline put build DB_PASS 'hunter2' --force", ""})
    static final class PipelinePut implements Callable<Integer> {
        @Mixin
        ApiOptions api;
        @Parameters(index = "0", paramLabel = "PIPELINE", description = "pipeline id")
        String pipeline;
        @Parameters(index = "1", paramLabel = "KEY", description = "secret key: letters, digits, '.', '_', '-'")
        String key;
        @Parameters(index = "2", paramLabel = "VALUE", description = "the value, or - to read it from stdin")
        String value;
        @Option(names = {"-f", "--force"}, description = "replace the secret if the key exists")
        boolean force;

        @Override
        public Integer call() throws Exception {
            return SecretActions.put(api, api.client().secrets(api.namespace(), pipeline), key, SecretActions.value(value), null, force);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = {"Delete a pipeline secret.", "",
            "Example:", "  gofer secret pipeline delete build DB_PASS", ""})
    static final class PipelineDelete implements Callable<Integer> {
        @Mixin
        ApiOptions api;
        @Parameters(index = "0", paramLabel = "PIPELINE", description = "pipeline id")
        String pipeline;
        @Parameters(index = "1", paramLabel = "KEY", description = "secret key")
        String key;

        @Override
        public Integer call() {
            return SecretActions.delete(api, api.client().secrets(api.namespace(), pipeline), key);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List global secret keys and namespace patterns.", "",
            "Example:", "  gofer secret global list", ""})
    static final class GlobalList implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Override
        public Integer call() {
            return SecretActions.list(api, api.client().secrets(api.namespace(), null), true);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = {"Show a global secret's metadata; its value with -i.", "",
            "Example:", "  gofer secret global get REGISTRY_TOKEN", ""})
    static final class GlobalGet implements Callable<Integer> {
        @Mixin
        ApiOptions api;
        @Parameters(index = "0", paramLabel = "KEY", description = "secret key")
        String key;
        @Option(names = {"-i", "--include-secret"}, description = "also print the value")
        boolean include;

        @Override
        public Integer call() {
            return SecretActions.get(api, api.client().secrets(api.namespace(), null), key, include);
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true, description = {"Store a global secret.", "",
            "Examples:", "  gofer secret global put REGISTRY_TOKEN - --namespaces 'team-.*' --namespaces default < token.txt",
            "  gofer secret global put SHARED 'value'        # usable from every namespace", ""})
    static final class GlobalPut implements Callable<Integer> {
        @Mixin
        ApiOptions api;
        @Parameters(index = "0", paramLabel = "KEY", description = "secret key: letters, digits, '.', '_', '-'")
        String key;
        @Parameters(index = "1", paramLabel = "VALUE", description = "the value, or - to read it from stdin")
        String value;
        @Option(names = "--namespaces", paramLabel = "REGEX", defaultValue = ".*", split = ",",
                description = "namespaces that may use it: regular expressions matched against the whole namespace id"
                        + " (repeatable; default: ${DEFAULT-VALUE}, every namespace)")
        List<String> namespaces;
        @Option(names = {"-f", "--force"}, description = "replace the secret if the key exists")
        boolean force;

        @Override
        public Integer call() throws Exception {
            return SecretActions.put(api, api.client().secrets(api.namespace(), null), key, SecretActions.value(value), namespaces, force);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = {"Delete a global secret.", "",
            "Example:", "  gofer secret global delete SHARED", ""})
    static final class GlobalDelete implements Callable<Integer> {
        @Mixin
        ApiOptions api;
        @Parameters(index = "0", paramLabel = "KEY", description = "secret key")
        String key;

        @Override
        public Integer call() {
            return SecretActions.delete(api, api.client().secrets(api.namespace(), null), key);
        }
    }
}
