package dev.gofer.extensions;

import java.util.List;

/** What an extension answered to an external event: its message and the runs it started (e.g. {@code default/build#12}). */
public record ExternalEventReply(String message, List<String> runs) {
}
