package dev.gofer.auth;

import dev.gofer.model.RunKey;
import java.util.Optional;
import dev.gofer.model.Initiator;
import java.util.List;

/** Who is calling: their token and its roles (resolved). In development mode, an admin stand-in. */
public record Caller(Token token, List<Role> roles, boolean development) {
    public Caller {
        roles = List.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.stream().anyMatch(r -> r.id().equals(Role.ADMIN));
    }

    /** One of the caller's roles grants {@code action} on all of {@code targets}. */
    public boolean may(Action action, List<Target> targets) {
        return roles.stream().anyMatch(r -> r.grantsAll(action, targets));
    }

    public boolean may(Action action, Target... targets) {
        return may(action, List.of(targets));
    }

    /** The run a run token is bound to: such a caller may use only routes about that run and its pipeline's objects. */
    public Optional<RunKey> run() {
        return token.run();
    }

    /** The extension an extension's key is bound to: such a caller may use only routes about that extension. */
    public Optional<String> extension() {
        return token.extension();
    }

    public Initiator initiator() {
        return new Initiator(token.id(), token.user());
    }
}
