package dev.gofer.sdk.config;

/** Credentials for a private registry. */
public record RegistryAuth(String user, String pass) {
    @Override
    public String toString() {
        return "RegistryAuth[user=" + user + ", pass=***]";
    }
}
