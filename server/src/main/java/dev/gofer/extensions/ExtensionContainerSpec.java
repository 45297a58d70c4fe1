package dev.gofer.extensions;

import dev.gofer.proto.ExtensionEnvironment;
import dev.gofer.scheduler.ContainerSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The container an extension runs in: its name, labels and the environment of the extension contract ({@link ExtensionEnvironment}). */
final class ExtensionContainerSpec {
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
        reg.settings().forEach((k, v) -> env.put(ExtensionEnvironment.settingVariable(k), v));
        env.putAll(ExtensionEnvironment.system(reg.extensionId(), key, placement.goferHost(), placement.apiUrl()));
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
