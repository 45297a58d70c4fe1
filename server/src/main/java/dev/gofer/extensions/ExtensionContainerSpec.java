package dev.gofer.extensions;

import dev.gofer.scheduler.ContainerSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The container an extension runs in: its name, labels and the environment of the extension contract. */
final class ExtensionContainerSpec {
    /** The port an extension serves its gRPC service on, inside its container. */
    static final int EXTENSION_PORT = 8082;
    static final String SETTING_ENV_PREFIX = "GOFER_EXTENSION_SETTING_";
    /** JVM flags of a standard extension run from the gofer image (its entrypoint reads GOFER_JAVA_OPTS). */
    static final String STD_JAVA_OPTS = "-XX:+UseSerialGC -Xms16m -Xmx96m -Xss512k -XX:TieredStopAtLevel=1";

    /** Where the container is and who it belongs to: the same for every extension of this server. */
    record Placement(Map<String, String> instanceLabels, String instanceId, String goferHost, String apiUrl, String stdImage) {
    }

    private ExtensionContainerSpec() {
    }

    /**
     * {@code key}: the container's fresh key. An extension installed from {@code stdImage} (the gofer image) runs as
     * {@code gofer extension run <id>}.
     */
    static ContainerSpec of(ExtensionRegistration reg, String key, Placement placement) {
        Map<String, String> env = new LinkedHashMap<>();
        // settings first, so a setting can never overwrite the id, key or host below
        reg.settings().forEach((k, v) -> env.put(SETTING_ENV_PREFIX + k.toUpperCase(Locale.ROOT), v));
        env.put("GOFER_EXTENSION_ID", reg.extensionId());
        env.put("GOFER_EXTENSION_KEY", key);
        env.put("GOFER_HOST", placement.goferHost());
        env.put("GOFER_API_URL", placement.apiUrl());
        env.put("GOFER_EXTENSION_PORT", Integer.toString(EXTENSION_PORT));
        Map<String, String> labels = new LinkedHashMap<>(placement.instanceLabels());
        labels.put("gofer.extension", reg.extensionId());
        String name = "gofer_" + placement.instanceId() + "_extension_" + reg.extensionId();
        List<String> command = null;
        if (reg.image().equals(placement.stdImage())) {
            command = List.of("extension", "run", reg.extensionId());
            env.putIfAbsent("GOFER_JAVA_OPTS", STD_JAVA_OPTS); // a small extension needs less than the server's jvm.options
        }
        return new ContainerSpec(name, reg.image(), reg.registryAuth(), false, null, command, env, labels);
    }
}
