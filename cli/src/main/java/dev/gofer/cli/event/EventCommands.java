package dev.gofer.cli.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.CommandGroup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "event",
        mixinStandardHelpOptions = true,
        description = {"The event log: every state change (runs, tasks, pipelines, namespaces, tokens, roles), oldest first.", "",
                "Example:", "  gofer event list --follow", ""},
        subcommands = {EventCommands.ListEvents.class, EventCommands.DeleteEvent.class})
public final class EventCommands extends CommandGroup {
    public EventCommands() {
        super("Missing command: pick list or delete");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Print stored events your token may read, oldest first; with --follow keep printing new ones"
                    + " (Ctrl-C to stop). One line per event: ID TIME KIND DETAILS.", "",
                    "Example:", "  gofer event list --from 0192a4e1c0de000000 --follow", ""})
    static final class ListEvents implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Option(names = {"-f", "--follow"}, description = "after the stored events, keep printing new ones as they happen")
        boolean follow;

        @Option(names = "--from", paramLabel = "EVENT_ID", description = "start after this event id (default: from the start)")
        String from;

        @Override
        public Integer call() {
            api.client().events().stream(true, from, follow, event -> {
                if (api.json()) {
                    api.out().println(event.toString());
                } else {
                    api.out().println(line(event));
                }
                api.out().flush();
            });
            return 0;
        }

        static String line(JsonNode event) {
            Map.Entry<String, JsonNode> kind = event.path("kind").fields().next();
            List<String> details = new ArrayList<>();
            kind.getValue().fields().forEachRemaining(f -> details.add(f.getKey() + "=" + f.getValue().asText()));
            return event.path("id").asText() + "  " + Instant.ofEpochMilli(event.path("emitted").asLong()) + "  "
                    + kind.getKey() + "  " + String.join(" ", details);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Delete one stored event (admins only); the deletion is itself recorded as an event.", "",
                    "Example:", "  gofer event delete 0192a4e1c0de000003", ""})
    static final class DeleteEvent implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Parameters(paramLabel = "EVENT_ID", description = "the event's id (as event list prints it)")
        String id;

        @Override
        public Integer call() {
            api.client().events().delete(id);
            api.println("event " + id + " deleted");
            return 0;
        }
    }
}
