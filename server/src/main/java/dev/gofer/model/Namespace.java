package dev.gofer.model;

public record Namespace(String id, String name, String description, long created, long modified) {
    public static final String DEFAULT = "default";
}
