package dev.gofer.model;

/** Who started a run: a token id and its user. Until auth lands every caller is anonymous. */
public record Initiator(String id, String user) {
    public static final Initiator ANONYMOUS = new Initiator("0", "anonymous");
}
