package dev.gofer.cli.common;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the API's recurring shapes (status reasons, optional numbers) out of response JSON. */
public final class Fields {
    private Fields() {
    }

    /** {@code status_reason} as one phrase: its description, else its reason, else empty. */
    public static String reason(JsonNode node) {
        JsonNode reason = node.path("status_reason");
        if (!reason.isObject()) {
            // a pending run says what it waits for; a task a retried run reused, where its success comes from
            if (node.path("waiting_for").isObject()) {
                return "waiting: " + node.path("waiting_for").path("description").asText("");
            }
            if (node.path("reused_from_run").isNumber()) {
                return "reused from run " + node.path("reused_from_run").asLong();
            }
            return "";
        }
        String description = reason.path("description").asText("");
        return description.isBlank() ? reason.path("reason").asText("") : description;
    }

    /** A nullable number (exit codes), as text; {@code "-"} when absent. */
    public static String optionalNumber(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "-" : value.asText();
    }

    /** A field that must be in the response; a clear error instead of a NullPointerException if the server omits it. */
    public static JsonNode required(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalStateException("the server's response has no '" + field + "' field; is --host pointing at a Gofer server?");
        }
        return value;
    }
}
