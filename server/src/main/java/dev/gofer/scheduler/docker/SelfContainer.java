package dev.gofer.scheduler.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container Gofer itself runs in, when it runs in one on the engine it schedules on (the gofer image with the
 * engine's socket mounted): its image, which serves the standard extensions, and its address on the default bridge,
 * which task and extension containers (started on that bridge) reach Gofer at.
 *
 * @param image    the image reference the container was started from (e.g. {@code gofer:latest})
 * @param bridgeIp its address on the default bridge; empty when it is not attached to it (e.g. a compose network)
 */
public record SelfContainer(String id, String image, Optional<String> bridgeIp) {
    private static final Pattern CONTAINER_ID = Pattern.compile("/containers/([0-9a-f]{64})/");

    /** Empty when Gofer does not run in a container of this engine (checked with the engine, not guessed). */
    static Optional<SelfContainer> find(DockerClient client) {
        if (!Files.exists(Path.of("/.dockerenv"))) {
            return Optional.empty();
        }
        for (String candidate : candidates()) {
            try {
                InspectContainerResponse c = client.inspectContainerCmd(candidate).exec();
                var networks = c.getNetworkSettings() == null ? null : c.getNetworkSettings().getNetworks();
                var bridge = networks == null ? null : networks.get("bridge");
                String ip = bridge == null ? null : bridge.getIpAddress();
                return Optional.of(new SelfContainer(c.getId(), c.getConfig().getImage(),
                        ip == null || ip.isEmpty() ? Optional.empty() : Optional.of(ip)));
            } catch (RuntimeException notOnThisEngine) {
                // a container of another engine (or not a container at all): try the next candidate
            }
        }
        return Optional.empty();
    }

    /** Docker mounts /etc/hostname from /var/lib/docker/containers/ID/, and names the host after the short id. */
    private static Set<String> candidates() {
        Set<String> ids = new LinkedHashSet<>();
        try {
            Matcher m = CONTAINER_ID.matcher(Files.readString(Path.of("/proc/self/mountinfo")));
            while (m.find()) {
                ids.add(m.group(1));
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no /proc: the host name is the other way
        }
        String host = System.getenv("HOSTNAME");
        if (host != null && host.matches("[0-9a-f]{12,64}")) {
            ids.add(host);
        }
        return ids;
    }
}
