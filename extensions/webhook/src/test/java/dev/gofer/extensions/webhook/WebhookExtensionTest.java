package dev.gofer.extensions.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.extension.sdk.ExtensionException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookExtensionTest {
    @Test
    void variablesSpecMapsNamesToDottedPaths() {
        assertEquals(Map.of("REF", "ref", "REPO", "repository.full_name"), WebhookExtension.fields("REF=ref, REPO=repository.full_name"));
        for (String bad : new String[] {"ref=ref", "REF", "REF=", "1X=a"}) {
            ExtensionException e = assertThrows(ExtensionException.class, () -> WebhookExtension.fields(bad), bad);
            assertTrue(e.getMessage().startsWith("setting 'variables'"), e.getMessage());
        }
    }

    @Test
    void lookupFollowsObjectsAndArrays() {
        JsonObject body = new JsonObject("{\"ref\":\"main\",\"repository\":{\"full_name\":\"acme/app\"},\"commits\":[{\"id\":\"abc\"}],\"n\":3}");
        assertEquals("main", WebhookExtension.lookup(body, "ref"));
        assertEquals("acme/app", WebhookExtension.lookup(body, "repository.full_name"));
        assertEquals("abc", WebhookExtension.lookup(body, "commits.0.id"));
        assertEquals(3, WebhookExtension.lookup(body, "n"));
        assertNull(WebhookExtension.lookup(body, "commits.5.id"));
        assertNull(WebhookExtension.lookup(body, "missing.field"));
    }

    @Test
    void hmacMatchesGitHubsDocumentedExample() {
        // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
        byte[] mac = WebhookExtension.hmac("It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8),
                "Hello, World!".getBytes(StandardCharsets.UTF_8));
        assertEquals("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", HexFormat.of().formatHex(mac));
    }
}
