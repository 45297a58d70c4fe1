package dev.gofer.scheduler.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.List;
import java.util.Set;

/** What Gofer needs to know of a task pod, read from its status. Pure: {@link #of} is unit-tested on pod objects. */
sealed interface PodState {
    /** Waiting reasons of a container that will not start by itself soon (the kubelet retries, but with back-off). */
    Set<String> START_PROBLEMS = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull",
            "CreateContainerConfigError", "CreateContainerError", "RunContainerError");
    /** Of those, the ones no retry can fix: the task fails at once instead of after the wait. */
    Set<String> HOPELESS = Set.of("InvalidImageName", "ErrImageNeverPull");

    /** Not started yet. {@code problem}: the reason is one that fails the task once the start wait is over. */
    record Pending(String reason, String message, boolean problem) implements PodState {
    }

    record Running(String podIp) implements PodState {
    }

    /** The task's container ended with this code. */
    record Exited(int exitCode) implements PodState {
    }

    /** The pod failed without its container ending on its own (e.g. evicted, node lost). */
    record Failed(String reason, String message) implements PodState {
    }

    /** No such pod (deleted, or never there). */
    record Gone() implements PodState {
    }

    static PodState of(Pod pod) {
        if (pod == null) {
            return new Gone();
        }
        PodStatus status = pod.getStatus();
        if (status == null) {
            return new Pending("Pending", "no status yet", false);
        }
        ContainerState container = containerState(status.getContainerStatuses());
        String phase = status.getPhase() == null ? "Pending" : status.getPhase();
        if (phase.equals("Failed") && status.getReason() != null && !status.getReason().isBlank()) {
            // failed by the node (Evicted, DeadlineExceeded, Shutdown...): its container's exit (137) is not the task's
            return new Failed(status.getReason(), or(status.getMessage(), "the pod failed"));
        }
        if (container != null && container.getTerminated() != null) {
            Integer code = container.getTerminated().getExitCode();
            return new Exited(code == null ? -1 : code);
        }
        if (phase.equals("Failed")) {
            return new Failed(or(status.getReason(), "Failed"), or(status.getMessage(), "the pod failed"));
        }
        if (phase.equals("Succeeded")) {
            return new Exited(0);
        }
        if ((container != null && container.getRunning() != null) || phase.equals("Running")) {
            return new Running(status.getPodIP());
        }
        if (container != null && container.getWaiting() != null) {
            String reason = or(container.getWaiting().getReason(), "Waiting");
            return new Pending(reason, or(container.getWaiting().getMessage(), ""), START_PROBLEMS.contains(reason));
        }
        for (PodCondition c : status.getConditions() == null ? List.<PodCondition>of() : status.getConditions()) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
                String reason = or(c.getReason(), "Unschedulable");
                return new Pending(reason, or(c.getMessage(), ""), reason.equals("Unschedulable"));
            }
        }
        return new Pending(phase, or(status.getMessage(), ""), false);
    }

    /** Whether the pod has left Pending (running, ended or gone). */
    static boolean started(PodState state) {
        return !(state instanceof Pending p) || HOPELESS.contains(p.reason());
    }

    static boolean finished(PodState state) {
        return state instanceof Exited || state instanceof Failed || state instanceof Gone;
    }

    /** One line for a scheduler_error: the cluster's own reason and message. */
    static String describe(PodState state) {
        if (state instanceof Pending p) {
            return p.reason() + (p.message().isEmpty() ? "" : ": " + p.message());
        }
        if (state instanceof Failed f) {
            return f.reason() + ": " + f.message();
        }
        if (state instanceof Exited e) {
            return "exited with code " + e.exitCode();
        }
        return state instanceof Gone ? "the pod is gone" : "Running";
    }

    private static ContainerState containerState(List<ContainerStatus> statuses) {
        if (statuses == null) {
            return null;
        }
        return statuses.stream().filter(s -> TaskPods.CONTAINER.equals(s.getName())).findFirst()
                .map(ContainerStatus::getState).orElse(null);
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
