package dev.gofer.extension.sdk;

import java.util.List;

/** What an external event did: a message for the caller and the runs it started (e.g. "default/build#3"). */
public record EventResult(String message, List<String> runs) {
}
