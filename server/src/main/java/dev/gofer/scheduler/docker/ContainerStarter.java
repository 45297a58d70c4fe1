package dev.gofer.scheduler.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.HealthCheck;
import dev.gofer.scheduler.ContainerSpec;
import dev.gofer.scheduler.SchedulerException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Creates and starts one container in as few engine calls as the common case allows: create and start, nothing
 * else. Every task start used to inspect its image and remove a container of the same name first (two more
 * round trips, and CPU of the engine's and ours, per task); now a missing image (404 on create) is pulled and the
 * create tried again, and a name still held by an earlier container (409: left by a crash, or an attempt being
 * removed) is freed and the create tried again.
 */
final class ContainerStarter {
    static final Duration PULL_TIMEOUT = Duration.ofMinutes(15);

    private final DockerClient client;
    /** For pulls: they last as long as the download, so not under the short calls' response timeout. */
    private final DockerClient pulls;
    /** Turns a docker-java failure into the scheduler's error (an unreachable engine says how to fix it). */
    private final BiFunction<String, RuntimeException, SchedulerException> wrap;

    ContainerStarter(DockerClient client, DockerClient pulls, BiFunction<String, RuntimeException, SchedulerException> wrap) {
        this.client = client;
        this.pulls = pulls;
        this.wrap = wrap;
    }

    /** Pulls the image if missing (or if asked to always pull), creates and starts the container; returns its id. */
    String start(ContainerSpec spec) throws SchedulerException {
        try {
            if (spec.alwaysPull()) {
                pull(spec);
            }
            String id = create(spec);
            try {
                client.startContainerCmd(id).exec();
            } catch (RuntimeException e) {
                removeAfterFailedStart(id, e);
                throw e;
            }
            return id;
        } catch (SchedulerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw wrap.apply("could not start container for image " + spec.image(), e);
        }
    }

    private String create(ContainerSpec spec) throws SchedulerException {
        boolean pulled = spec.alwaysPull();
        boolean freed = false;
        while (true) {
            try {
                return createCmd(spec).exec().getId();
            } catch (NotFoundException e) { // "No such image"
                if (pulled) {
                    throw e;
                }
                pull(spec);
                pulled = true;
            } catch (ConflictException e) { // the name is taken
                if (freed) {
                    throw e;
                }
                removeByName(spec.name());
                freed = true;
            }
        }
    }

    private CreateContainerCmd createCmd(ContainerSpec spec) {
        CreateContainerCmd create = client.createContainerCmd(spec.image())
                .withName(spec.name())
                .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withLabels(spec.labels())
                // Gofer watches its containers itself (exit, Info calls); an image's HEALTHCHECK (the gofer image's,
                // when it runs an extension) would only spend CPU on a JVM every 30 s
                .withHealthcheck(new HealthCheck().withTest(List.of("NONE")));
        if (spec.limits().cpus() != null || spec.limits().memoryBytes() != null) {
            create.withHostConfig(HostLimits.of(spec.limits()));
        }
        if (spec.entrypoint() != null) {
            create.withEntrypoint(spec.entrypoint());
        }
        if (spec.command() != null) {
            create.withCmd(spec.command());
        }
        return create;
    }

    /** Pulls the image; with always_pull_newest_image and a registry that is down, a local copy still runs. */
    private void pull(ContainerSpec spec) throws SchedulerException {
        var pull = pulls.pullImageCmd(spec.image());
        if (spec.registryAuth() != null) {
            pull.withAuthConfig(new AuthConfig().withUsername(spec.registryAuth().user())
                    .withPassword(spec.registryAuth().pass()));
        }
        try {
            if (!pull.exec(new PullImageResultCallback()).awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new SchedulerException("pulling image " + spec.image() + " took longer than " + PULL_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchedulerException("interrupted while pulling image " + spec.image());
        } catch (RuntimeException e) {
            if (!spec.alwaysPull() || !imagePresent(client, spec.image())) {
                throw wrap.apply("could not pull image " + spec.image(), e);
            }
        }
    }

    /** A container that was created but did not start (e.g. its command does not exist) is removed, not left Created. */
    private void removeAfterFailedStart(String id, RuntimeException startFailure) {
        try {
            client.removeContainerCmd(id).withForce(true).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (RuntimeException e) {
            startFailure.addSuppressed(e);
        }
    }

    private void removeByName(String name) {
        try {
            client.removeContainerCmd(name).withForce(true).exec();
        } catch (NotFoundException e) {
            // removed meanwhile
        }
    }

    static boolean imagePresent(DockerClient client, String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
