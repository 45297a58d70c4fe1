package dev.gofer.scheduler;

import dev.gofer.sdk.config.RegistryAuth;
import java.util.List;
import java.util.Map;

/**
 * Everything a scheduler needs to run one container.
 *
 * @param entrypoint null keeps the image's ENTRYPOINT
 * @param command    null keeps the image's CMD
 * @param labels     let Gofer find its own containers again (after a restart, for clean-up)
 * @param limits     CPU and memory the container may use
 */
public record ContainerSpec(String name, String image, RegistryAuth registryAuth, boolean alwaysPull,
                            List<String> entrypoint, List<String> command, Map<String, String> env,
                            Map<String, String> labels, Limits limits) {
    /** {@code cpus} (0.5 = half a core) and {@code memoryBytes}; null = no limit. */
    public record Limits(Double cpus, Long memoryBytes) {
        public static final Limits NONE = new Limits(null, null);
    }

    public ContainerSpec {
        limits = limits == null ? Limits.NONE : limits;
    }

    public ContainerSpec(String name, String image, RegistryAuth registryAuth, boolean alwaysPull, List<String> entrypoint,
                         List<String> command, Map<String, String> env, Map<String, String> labels) {
        this(name, image, registryAuth, alwaysPull, entrypoint, command, env, labels, Limits.NONE);
    }

    /** Environment values may be secrets: only their names are printed. */
    @Override
    public String toString() {
        return "ContainerSpec[name=" + name + ", image=" + image + ", env keys=" + env.keySet() + ", labels=" + labels + ", limits=" + limits + "]";
    }
}
