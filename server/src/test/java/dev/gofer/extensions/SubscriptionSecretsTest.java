package dev.gofer.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.model.GoferException;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionSecretsTest {
    private static final SubscriptionSecrets SECRETS = new SubscriptionSecrets(new SubscriptionSecrets.Source() {
        public Future<String> pipelineSecret(String ns, String pipeline, String key) {
            return key.equals("HOOK") && pipeline.equals("build") ? Future.succeededFuture("hook-value")
                    : Future.failedFuture(new IllegalStateException("pipeline secret '" + key + "' does not exist in pipeline '" + pipeline + "'"));
        }

        public Future<String> globalSecret(String ns, String key) {
            return ns.equals("team-a") ? Future.succeededFuture("global-value")
                    : Future.failedFuture(new IllegalStateException("global secret '" + key + "' may not be used in namespace '" + ns + "'"));
        }
    });

    @Test
    void placeholdersBecomeValuesAndLiteralsPassThrough() {
        var resolved = SECRETS.resolve("team-a", "build", Map.of("secret", " pipeline_secret{{ HOOK }} ",
                "token", "GLOBAL_SECRET{{SHARED}}", "path", "deploy")).result();
        assertEquals(Map.of("secret", "hook-value", "token", "global-value", "path", "deploy"), resolved.settings());
        assertEquals(List.of("hook-value", "global-value").stream().sorted().toList(), resolved.secretValues().stream().sorted().toList());
        assertEquals("bad signature key [masked], try [masked]", resolved.mask("bad signature key hook-value, try global-value"));
    }

    @Test
    void aMissingOrForbiddenSecretNamesTheSettingAndTheKey() {
        var missing = SECRETS.resolve("team-a", "other", Map.of("secret", "pipeline_secret{{HOOK}}"));
        assertTrue(missing.failed());
        GoferException e = (GoferException) missing.cause();
        assertEquals(GoferException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith("settings.secret: "), e.getMessage());
        assertTrue(e.getMessage().contains("'HOOK'"), e.getMessage());

        var forbidden = SECRETS.resolve("team-b", "build", Map.of("token", "global_secret{{SHARED}}"));
        assertTrue(forbidden.cause().getMessage().contains("settings.token"), forbidden.cause().getMessage());
        assertFalse(forbidden.cause().getMessage().contains("global-value"));
    }

    @Test
    void objectPlaceholdersAreRefusedBeforeAnythingHappens() {
        GoferException e = assertThrows(GoferException.class,
                () -> SubscriptionSecrets.check(Map.of("every", "5m", "secret", "run_object{{X}}")));
        assertTrue(e.getMessage().startsWith("settings.secret: run_object{{...}} cannot be used"), e.getMessage());
        SubscriptionSecrets.check(Map.of("secret", "pipeline_secret{{X}}", "every", "5m"));
    }
}
