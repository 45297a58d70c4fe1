package dev.gofer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The object_store and s3_* settings: checked at start with the setting's name, secrets never shown. */
class S3SettingsTest {
    private static final String ACCESS = "AKIAEXAMPLEACCESS";
    private static final String SECRET = "example/secret/key/value";

    private static ServerSettings s3(JsonObject more) {
        return ServerSettings.fromJson(new JsonObject().put("object_store", "s3").put("s3_bucket", "gofer-objects").mergeIn(more));
    }

    @Test
    void filesystemIsTheDefaultAndNeedsNoS3Setting() {
        ServerSettings settings = ServerSettings.fromJson(new JsonObject());
        assertEquals("filesystem", settings.objectStore());
        assertEquals("", settings.s3().bucket());
    }

    @Test
    void s3SettingsAreReadAndThePrefixNormalised() {
        S3Settings s = s3(new JsonObject().put("s3_endpoint", "http://minio:9000").put("s3_prefix", "/team/gofer")
                .put("s3_path_style", "true").put("s3_access_key", ACCESS).put("s3_secret_key", SECRET)).s3();
        assertEquals("team/gofer/", s.prefix());
        assertTrue(s.pathStyle());
        assertTrue(s.staticCredentials());
        assertEquals("S3 at http://minio:9000, bucket 'gofer-objects', prefix 'team/gofer/'", s.describe());
        assertFalse(s3(new JsonObject()).s3().staticCredentials(), "no keys = the AWS credential chain");
    }

    @Test
    void badValuesStopTheStartNamingTheSetting() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerSettings.fromJson(new JsonObject().put("object_store", "disk")))
                .getMessage().contains("object_store must be 'filesystem' or 's3', got 'disk'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s3(new JsonObject().put("s3_bucket", "")))
                .getMessage().contains("s3_bucket"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s3(new JsonObject().put("s3_endpoint", "minio:9000")))
                .getMessage().contains("s3_endpoint must be empty (AWS) or an http:// or https:// URL"));
        IllegalArgumentException half = assertThrows(IllegalArgumentException.class, () -> s3(new JsonObject().put("s3_access_key", ACCESS)));
        assertTrue(half.getMessage().contains("s3_access_key and s3_secret_key go together"), half.getMessage());
        assertFalse(half.getMessage().contains(ACCESS));
    }

    @Test
    void theCredentialsAreNeverShown() {
        ServerSettings settings = s3(new JsonObject().put("s3_access_key", ACCESS).put("s3_secret_key", SECRET));
        for (String shown : new String[] {settings.toString(), settings.s3().toString(), settings.s3().describe()}) {
            assertFalse(shown.contains(ACCESS) || shown.contains(SECRET), shown);
        }
        assertTrue(settings.toString().contains("\"s3_secret_key\":\"***\""), settings.toString());
    }
}
