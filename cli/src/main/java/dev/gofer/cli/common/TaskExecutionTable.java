package dev.gofer.cli.common;

import com.fasterxml.jackson.databind.JsonNode;

/** The task executions of a run as a table; shared by `run start --wait`, `run get` and `task list`. */
public final class TaskExecutionTable {
    private TaskExecutionTable() {
    }

    /** @param withState false once the run is over, when every state is "complete" anyway */
    public static Table of(JsonNode taskExecutions, boolean withState, long now) {
        Table table = withState
                ? new Table("TASK", "STATE", "STATUS", "EXIT", "DURATION", "REASON")
                : new Table("TASK", "STATUS", "EXIT", "DURATION", "REASON");
        for (JsonNode t : taskExecutions) {
            String duration = HumanTime.span(t.path("started").asLong(), t.path("ended").asLong(), now);
            // a retried task says which attempt it is at (earlier attempts: gofer task get)
            String status = t.path("status").asText() + (t.path("attempt").asInt(1) > 1 ? " (attempt " + t.path("attempt").asInt() + ")" : "");
            if (withState) {
                table.row(t.path("task_id").asText(), t.path("state").asText(), status,
                        Fields.optionalNumber(t, "exit_code"), duration, Fields.reason(t));
            } else {
                table.row(t.path("task_id").asText(), status,
                        Fields.optionalNumber(t, "exit_code"), duration, Fields.reason(t));
            }
        }
        return table;
    }
}
