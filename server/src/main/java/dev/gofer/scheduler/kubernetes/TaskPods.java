package dev.gofer.scheduler.kubernetes;

import dev.gofer.scheduler.ContainerSpec;
import dev.gofer.sdk.config.RegistryAuth;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** How a {@link ContainerSpec} becomes a Pod (and, for a private registry, its pull Secret). Pure: no cluster calls. */
final class TaskPods {
    /** The one container of every Gofer pod; logs and exit codes are read from it by this name. */
    static final String CONTAINER = "task";
    /**
     * Keeps a deleted (stopped, evicted) pod's object, with its container's exit code, until Gofer has read it and
     * calls remove; Argo Workflows does the same. A pod left by an uninstalled Gofer needs
     * {@code kubectl patch pod NAME -p '{"metadata":{"finalizers":null}}'}.
     */
    static final String FINALIZER = "gofer.dev/collect-exit";
    static final String DOCKER_HUB = "https://index.docker.io/v1/";

    private TaskPods() {
    }

    /**
     * Docker's ENTRYPOINT is Kubernetes' {@code command} and Docker's CMD is {@code args}; as with Docker, giving an
     * entrypoint drops the image's CMD.
     */
    static Pod pod(ContainerSpec spec, String podName) {
        PodBuilder pod = new PodBuilder()
                .withNewMetadata().withName(podName).withLabels(PodNames.labels(spec.labels()))
                // the name Gofer knows it by, for `kubectl describe`
                .addToAnnotations("gofer.dev/container-name", spec.name())
                .addToFinalizers(FINALIZER)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                // a task must not act with Gofer's own service account (it may create pods and read secrets)
                .withAutomountServiceAccountToken(false)
                // no FOO_SERVICE_HOST variables for every Service in the namespace: a task's env is what it asked for
                .withEnableServiceLinks(false)
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(spec.image())
                .withImagePullPolicy(spec.alwaysPull() ? "Always" : "IfNotPresent")
                .withCommand(spec.entrypoint())
                .withArgs(spec.command())
                .withEnv(spec.env().entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList())
                .endContainer()
                .endSpec();
        if (spec.registryAuth() != null) {
            pod.editSpec().addNewImagePullSecret(PodNames.pullSecretName(podName)).endSpec();
        }
        return pod.build();
    }

    /** A {@code kubernetes.io/dockerconfigjson} Secret for the image's registry. */
    static Secret pullSecret(String podName, String image, RegistryAuth auth, Map<String, String> labels) {
        String basic = Base64.getEncoder().encodeToString((auth.user() + ":" + auth.pass()).getBytes(StandardCharsets.UTF_8));
        JsonObject config = new JsonObject().put("auths", new JsonObject().put(registry(image),
                new JsonObject().put("username", auth.user()).put("password", auth.pass()).put("auth", basic)));
        return new SecretBuilder()
                .withNewMetadata().withName(PodNames.pullSecretName(podName)).withLabels(PodNames.labels(labels)).endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .addToData(".dockerconfigjson", Base64.getEncoder().encodeToString(config.encode().getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    /** Makes the Secret live and die with its Pod: the cluster's garbage collector deletes it after the Pod. */
    static OwnerReference ownedBy(Pod pod) {
        return new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod").withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid()).withBlockOwnerDeletion(false).withController(false).build();
    }

    /** The registry an image reference points at, as docker config files key it. */
    static String registry(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return DOCKER_HUB;
        }
        String first = image.substring(0, slash);
        boolean isHost = first.contains(".") || first.contains(":") || first.equals("localhost");
        return isHost ? first : DOCKER_HUB;
    }

    /**
     * Requests and limits for a task's resources: {@code cpus} (e.g. 0.5) and {@code memoryBytes}, both optional
     * (null). Request = limit, so the pod is scheduled only where it fits and never gets more than it asked for.
     */
    static ResourceRequirements resources(Double cpus, Long memoryBytes) {
        ResourceRequirementsBuilder r = new ResourceRequirementsBuilder();
        if (cpus != null) {
            Quantity cpu = new Quantity(Math.round(cpus * 1000) + "m");
            r.addToRequests("cpu", cpu).addToLimits("cpu", cpu);
        }
        if (memoryBytes != null) {
            Quantity memory = new Quantity(Long.toString(memoryBytes));
            r.addToRequests("memory", memory).addToLimits("memory", memory);
        }
        return r.build();
    }

}
