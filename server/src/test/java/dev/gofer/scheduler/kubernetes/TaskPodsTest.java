package dev.gofer.scheduler.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.scheduler.ContainerSpec;
import dev.gofer.sdk.config.RegistryAuth;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure half of the Kubernetes scheduler: names, the Pod and Secret it asks for, how it reads a Pod's status. */
class TaskPodsTest {
    private static final ContainerSpec SPEC = new ContainerSpec("gofer_1a2b3c4d_default_hello_7_build", "busybox:latest",
            null, true, List.of("sh", "-c"), List.of("echo hi"), Map.of("K", "v"),
            Map.of("gofer.instance", "1a2b3c4d", "gofer.task", "build"));

    @Test
    void gofersContainerNamesBecomeDnsLabelsThatStayApart() {
        assertEquals("gofer-1a2b3c4d-default-hello-7-build", PodNames.podName(SPEC.name()));
        String upper = PodNames.podName("gofer_x_default_hello_7_Build");
        assertNotEquals(PodNames.podName("gofer_x_default_hello_7_build"), upper, "case must not merge two tasks");
        assertTrue(upper.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), upper);
        String longName = PodNames.podName("gofer_x_" + "very-long-pipeline-id-".repeat(5) + "_1_task");
        assertTrue(longName.length() <= 63, longName);
        assertEquals(longName, PodNames.podName("gofer_x_" + "very-long-pipeline-id-".repeat(5) + "_1_task"), "stable");
    }

    @Test
    void labelValuesKubernetesRefusesGetAStableHashOthersStay() {
        assertEquals("build", PodNames.labelValue("build"));
        String bad = PodNames.labelValue("a task/with spaces and more than sixty-three characters in its id, really");
        assertTrue(bad.length() <= 63 && bad.matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?"), bad);
        assertEquals(bad, PodNames.labelValue("a task/with spaces and more than sixty-three characters in its id, really"));
    }

    @Test
    void aTaskIsAPodThatNeverRestartsAndCannotUseGofersAccount() {
        Pod pod = TaskPods.pod(SPEC, "p");
        assertEquals("Never", pod.getSpec().getRestartPolicy());
        assertFalse(pod.getSpec().getAutomountServiceAccountToken());
        assertFalse(pod.getSpec().getEnableServiceLinks());
        assertEquals(Map.of("gofer.instance", "1a2b3c4d", "gofer.task", "build"), pod.getMetadata().getLabels());
        assertEquals(List.of(TaskPods.FINALIZER), pod.getMetadata().getFinalizers());
        Container c = pod.getSpec().getContainers().get(0);
        assertEquals(TaskPods.CONTAINER, c.getName());
        assertEquals(List.of("sh", "-c"), c.getCommand(), "Docker's ENTRYPOINT is Kubernetes' command");
        assertEquals(List.of("echo hi"), c.getArgs(), "Docker's CMD is Kubernetes' args");
        assertEquals("Always", c.getImagePullPolicy());
        assertEquals("v", c.getEnv().get(0).getValue());
        assertTrue(pod.getSpec().getImagePullSecrets().isEmpty());
        Pod keepImageDefaults = TaskPods.pod(new ContainerSpec("n", "busybox", null, false, null, null, Map.of(), Map.of()), "p");
        List<String> noCommand = keepImageDefaults.getSpec().getContainers().get(0).getCommand();
        assertTrue(noCommand == null || noCommand.isEmpty(), "the image's ENTRYPOINT stays");
        assertEquals("IfNotPresent", keepImageDefaults.getSpec().getContainers().get(0).getImagePullPolicy());
    }

    @Test
    void registryAuthBecomesAPullSecretForTheImagesRegistry() {
        RegistryAuth auth = new RegistryAuth("robot", "s3cret");
        ContainerSpec spec = new ContainerSpec("n", "registry.example.com:5000/team/app:1", auth, false, null, null, Map.of(), Map.of());
        Pod pod = TaskPods.pod(spec, "p");
        assertEquals("p-pull", pod.getSpec().getImagePullSecrets().get(0).getName());
        Secret secret = TaskPods.pullSecret("p", spec.image(), auth, Map.of());
        assertEquals("kubernetes.io/dockerconfigjson", secret.getType());
        JsonObject config = new JsonObject(new String(Base64.getDecoder().decode(secret.getData().get(".dockerconfigjson")),
                StandardCharsets.UTF_8));
        JsonObject entry = config.getJsonObject("auths").getJsonObject("registry.example.com:5000");
        assertEquals("robot", entry.getString("username"));
        assertEquals("s3cret", entry.getString("password"));
        assertEquals(TaskPods.DOCKER_HUB, TaskPods.registry("library/busybox"));
        assertEquals(TaskPods.DOCKER_HUB, TaskPods.registry("busybox"));
        assertEquals("localhost", TaskPods.registry("localhost/app"));
    }

    @Test
    void resourcesBecomeEqualRequestsAndLimits() {
        ResourceRequirements r = TaskPods.resources(0.5, 256L * 1024 * 1024);
        assertEquals("500m", r.getRequests().get("cpu").toString());
        assertEquals(r.getRequests(), r.getLimits());
        assertEquals("268435456", r.getLimits().get("memory").toString());
        assertTrue(TaskPods.resources(null, null).getRequests().isEmpty());
    }

    @Test
    void podStatesAreReadLikeAKubeletWritesThem() {
        assertEquals(new PodState.Gone(), PodState.of(null));
        PodState pulling = PodState.of(waiting("ImagePullBackOff", "Back-off pulling image \"x\""));
        assertEquals(new PodState.Pending("ImagePullBackOff", "Back-off pulling image \"x\"", true), pulling);
        assertFalse(PodState.started(pulling), "waits (the registry may come back) until the start timeout");
        assertTrue(PodState.started(PodState.of(waiting("InvalidImageName", "bad"))), "no retry fixes it: fail at once");
        assertFalse(((PodState.Pending) PodState.of(waiting("ContainerCreating", ""))).problem());
        Pod unschedulable = new PodBuilder().withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled")
                .withStatus("False").withReason("Unschedulable").withMessage("0/3 nodes are available").endCondition()
                .endStatus().build();
        assertEquals("Unschedulable: 0/3 nodes are available", PodState.describe(PodState.of(unschedulable)));
        Pod exited = new PodBuilder().withNewStatus().withPhase("Failed").addNewContainerStatus().withName("task")
                .withNewState().withNewTerminated().withExitCode(3).endTerminated().endState().endContainerStatus()
                .endStatus().build();
        assertEquals(new PodState.Exited(3), PodState.of(exited));
        Pod evicted = new PodBuilder().withNewStatus().withPhase("Failed").withReason("Evicted")
                .withMessage("The node was low on resource: memory.").endStatus().build();
        assertEquals("Evicted: The node was low on resource: memory.", PodState.describe(PodState.of(evicted)));
        Pod evictedAfterKill = new PodBuilder(evicted).editStatus().addNewContainerStatus().withName("task").withNewState()
                .withNewTerminated().withExitCode(137).endTerminated().endState().endContainerStatus().endStatus().build();
        assertEquals(new PodState.Failed("Evicted", "The node was low on resource: memory."), PodState.of(evictedAfterKill),
                "the node's reason wins over the killed container's 137");
        Pod running = new PodBuilder().withNewStatus().withPhase("Running").withPodIP("10.1.2.3").endStatus().build();
        assertEquals(new PodState.Running("10.1.2.3"), PodState.of(running));
        assertNull(((PodState.Running) PodState.of(new PodBuilder().withNewStatus().withPhase("Running").endStatus().build())).podIp());
    }

    private static Pod waiting(String reason, String message) {
        return new PodBuilder().withNewStatus().withPhase("Pending").addNewContainerStatus().withName("task").withNewState()
                .withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState().endContainerStatus()
                .endStatus().build();
    }
}
