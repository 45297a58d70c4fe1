package dev.gofer.cli.object;

import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.CommandGroup;
import dev.gofer.cli.common.RunParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "object",
        mixinStandardHelpOptions = true,
        description = {"A run's objects: bytes shared by the tasks of one run, deleted once run_object_expiry newer runs exist."
                + " Tasks read one with a variable set to run_object{{KEY}}.", "",
                "Examples:", "  gofer run object put build 7 report.json ./report.json",
                "  echo ok | gofer run object put build 7 status -",
                "  gofer run object get build 7 report.json", ""},
        subcommands = {RunObjects.List.class, RunObjects.Get.class, RunObjects.Put.class, RunObjects.Delete.class})
public final class RunObjects extends CommandGroup {
    /** {@code PIPELINE RUN}: the objects of one run. */
    static final class OfRun implements ObjectActions.Scope {
        @Mixin
        RunParameters run;

        @Override
        public String objects(ApiOptions api) {
            return api.client().objects().of(api.namespace(), run.pipeline(), run.run());
        }

        @Override
        public String owner() {
            return "run " + run.run() + " of " + run.pipeline();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List a run's objects.", "",
            "Example:", "  gofer run object list build 7", ""})
    static final class List extends ObjectActions.ListObjects {
        List() {
            super(new OfRun());
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = {"Write an object's bytes to stdout.", "",
            "Example:", "  gofer run object get build 7 report.json", ""})
    static final class Get extends ObjectActions.GetObject {
        Get() {
            super(new OfRun());
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true, description = {"Store a file (or stdin, with -) as an object.", "",
            "Examples:", "  gofer run object put build 7 report.json ./report.json", "  date | gofer run object put build 7 stamp - --force", ""})
    static final class Put extends ObjectActions.PutObject {
        Put() {
            super(new OfRun());
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = {"Delete an object.", "",
            "Example:", "  gofer run object delete build 7 report.json", ""})
    static final class Delete extends ObjectActions.DeleteObject {
        Delete() {
            super(new OfRun());
        }
    }
}
