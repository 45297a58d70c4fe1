package dev.gofer.bus;

import dev.gofer.events.Event;
import dev.gofer.model.Run;
import dev.gofer.model.Variable;
import dev.gofer.model.Initiator;
import dev.gofer.model.RunKey;
import dev.gofer.model.TaskKey;
import dev.gofer.scheduler.ContainerSpec;
import dev.gofer.scheduler.ExecSession;
import dev.gofer.sdk.config.RegistryAuth;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every event-bus address and message in Gofer, so the flow reads in one place. Callers hold a typed interface
 * (named in brackets), never an address; the verticle on the right binds it:
 *
 * <pre>
 *  ApiVerticle ──START_RUN / CANCEL_RUN / CANCEL_TASK / CONTAINER_OF_TASK (runs.Runs)──▶ OrchestratorVerticle ──START_CONTAINER / STOP_CONTAINER──▶ SchedulerVerticle
 *        ▲                                       ▲    ▲                        (runs.Containers)                 │
 *        │ logUpdates(task) (publish)            │    └───────────── CONTAINER_EXITED ───────────────────────────┤
 *        │                                       │                                                              │
 *   LogVerticle ◀──────────── APPEND_LOG / CLOSE_LOG (also from the orchestrator for tasks that never ran) ◀─────┘
 *                                                │
 *                                                │ START_RUN (runs.Runs: an extension's StartRun, acting as its key)
 *                                                │
 *  ApiVerticle ──EXTENSIONS──▶ ExtensionSupervisorVerticle ──START_EXTENSION_CONTAINER / CONTAINER_ADDRESS──▶ SchedulerVerticle
 *     (extensions.Extensions)      ▲               ▲         REMOVE_CONTAINER / ENGINE                                │
 *                                  │               │         (extensions.ExtensionContainers)                         │
 *           ExtensionHost (gRPC) ──┘               └─────────────────── EXTENSION_CONTAINER_EXITED ───────────────────┘
 *         from extension containers
 *
 *  ApiVerticle ──EXEC_IN_CONTAINER (scheduler.ContainerExec: attach)──▶ SchedulerVerticle
 *
 *  every stored event ──EVENTS (publish)──▶ the event stream (GET /api/events)
 * </pre>
 *
 * A request that leads to a change carries its actor ({@code dev.gofer.events.Actor#HEADER}) so the change's
 * events name who asked.
 *
 * <p>Messages are records passed by reference (one process), so each type gets a local codec; replies of any
 * type travel by reference too with {@link #byReference()}.
 */
public final class Bus {
    private Bus() {
    }

    /** {@link StartRun} → reply {@link dev.gofer.model.Run}. */
    public static final String START_RUN = "gofer.runs.start";
    /** {@link RetryRun} → reply the new {@link dev.gofer.model.Run} (pending) once it is stored. */
    public static final String RETRY_RUN = "gofer.runs.retry";
    /** {@link CancelRun} → reply {@code Boolean} (false when the run was already complete). */
    public static final String CANCEL_RUN = "gofer.runs.cancel";
    /**
     * {@link RunEnded} → reply null once the run is complete (at once when it is, or is gone); fails 503 when no driver
     * of this process runs it (still pending in the queue, or being resumed after a restart).
     */
    public static final String RUN_ENDED = "gofer.runs.ended";
    /**
     * {@link CancelTask} → reply {@code Long}: the seconds a running container gets between SIGTERM and SIGKILL
     * (task_stop_timeout). Fails 404 (no such task) or 409 (complete, or its run not started yet).
     */
    public static final String CANCEL_TASK = "gofer.runs.cancel-task";
    /** {@link ContainerOfTask} → reply {@code String} the id of the container running the task; fails 404, or 409 when it does not run. */
    public static final String CONTAINER_OF_TASK = "gofer.runs.container-of-task";
    /**
     * {@link ExecInContainer} → reply {@code Integer} the command's exit code (-1 when unknown) once it ended; runs on a
     * scheduler thread of its own for as long as the command runs.
     */
    public static final String EXEC_IN_CONTAINER = "gofer.scheduler.exec";
    /** {@link StartContainer} → reply the container id once it is started; then {@link #CONTAINER_EXITED} follows. */
    public static final String START_CONTAINER = "gofer.scheduler.start";
    /** {@link StopContainer} → reply when the container has stopped (SIGTERM, then SIGKILL after the grace period). */
    public static final String STOP_CONTAINER = "gofer.scheduler.stop";
    /**
     * {@link AdoptContainer}: follow a container started before a restart, as if just started (its log
     * continues after the bytes already stored); {@link #CONTAINER_EXITED} follows.
     */
    public static final String ADOPT_CONTAINER = "gofer.scheduler.adopt";
    /** {@code Map<String,String>} labels → reply {@code List<String>} ids of containers carrying all of them. */
    public static final String FIND_CONTAINERS = "gofer.scheduler.find";
    /** {@code String} container id → reply when removed. */
    public static final String REMOVE_CONTAINER = "gofer.scheduler.remove";
    /** {@link ContainerExited}, sent once a started container ended and its logs are stored. */
    public static final String CONTAINER_EXITED = "gofer.orchestrator.container-exited";
    /** {@link LogChunk}: bytes a task printed. */
    public static final String APPEND_LOG = "gofer.logs.append";
    /** {@link TaskKey} → reply when the task's log is complete on disk. */
    public static final String CLOSE_LOG = "gofer.logs.close";
    /** {@link ArchiveLog} → reply once the task's (complete) log is kept as its attempt's, so the next attempt starts a new one. */
    public static final String ARCHIVE_LOG = "gofer.logs.archive";
    /** {@link TaskKey} → reply {@link LogStatus}: how much is on disk and whether more will come. */
    public static final String LOG_STATUS = "gofer.logs.status";

    /** Published once per stored {@link dev.gofer.events.Event}, after its transaction committed, in id order. */
    public static final String EVENTS = "gofer.events";
    /**
     * {@link MaskSecrets} → reply once the log verticle will replace these values with {@code [masked]} in every
     * log of the run (sent before a task that received them starts).
     */
    public static final String MASK_SECRETS = "gofer.logs.mask-secrets";
    /** {@link RunKey}: the run is complete; forget the values masked in its logs. */
    public static final String FORGET_SECRETS = "gofer.logs.forget-secrets";

    /**
     * {@link ExtensionRequest} → reply what the request names (with {@link #byReference()}); failures carry the HTTP
     * status. Carries no actor: the supervisor records its changes as Gofer's (the timers and restarts a request sets off
     * outlive it, and would otherwise name its caller in Gofer's own later changes).
     */
    public static final String EXTENSIONS = "gofer.extensions";
    /**
     * {@link StartExtensionContainer} → reply the container id once it is started; its output goes to the file until
     * it exits, then {@link #EXTENSION_CONTAINER_EXITED} follows.
     */
    public static final String START_EXTENSION_CONTAINER = "gofer.scheduler.start-extension";
    /** {@link ExtensionContainerExited}, sent once an extension's container ended. */
    public static final String EXTENSION_CONTAINER_EXITED = "gofer.extensions.container-exited";
    /** {@code String} container id → reply {@code String} address other containers reach it at, or null when it has none. */
    public static final String CONTAINER_ADDRESS = "gofer.scheduler.address";
    /** {@link EngineQuery} → reply what the query names: what the rest of the server needs to know of the engine. */
    public static final String ENGINE = "gofer.scheduler.engine";

    /** Published per task: {@link LogUpdate} for each appended chunk, then {@link LogEnd}. */
    public static String logUpdates(TaskKey key) {
        return "gofer.logs.updates." + key.slug();
    }

    /** {@code variableSource}: how the run's variables are labelled (run_options from users, extension from extensions). */
    public record StartRun(String namespaceId, String pipelineId, Map<String, String> variables, Initiator initiator,
                           String variableSource) {
        public StartRun(String namespaceId, String pipelineId, Map<String, String> variables, Initiator initiator) {
            this(namespaceId, pipelineId, variables, initiator, Variable.RUN_OPTIONS);
        }
    }

    public record CancelRun(RunKey run) {
    }

    public record RunEnded(RunKey run) {
    }

    public record CancelTask(TaskKey task) {
    }

    public record ContainerOfTask(TaskKey task) {
    }

    /** {@code session}: the command's input and output, passed by reference. */
    public record ExecInContainer(String containerId, List<String> command, ExecSession session) {
        public ExecInContainer {
            command = List.copyOf(command);
        }
    }

    /** Re-run from failure: a new run of {@code original}'s config version; {@code from}: tasks to run again even if they succeeded. */
    public record RetryRun(RunKey original, List<String> from, Initiator initiator) {
        public RetryRun {
            from = List.copyOf(from);
        }
    }

    public record StartContainer(TaskKey task, ContainerSpec spec) {
    }

    public record AdoptContainer(TaskKey task, String containerId) {
    }

    public record StopContainer(TaskKey task, String containerId, Duration grace) {
    }

    /**
     * {@code error} is set when the scheduler lost track of the container (exit code then unknown); {@code oomKilled}:
     * the container was killed for going past its memory limit.
     */
    public record ContainerExited(TaskKey task, Integer exitCode, String error, boolean oomKilled) {
        public ContainerExited(TaskKey task, Integer exitCode, String error) {
            this(task, exitCode, error, false);
        }
    }

    /** The log of the task's attempt {@code attempt}, complete, is kept apart before the next attempt starts. */
    public record ArchiveLog(TaskKey task, int attempt) {
    }

    public record LogChunk(TaskKey task, boolean stderr, byte[] bytes) {
    }

    /**
     * {@code size}: bytes in the log file. {@code sourceBytes}: bytes of the container's own output those stand
     * for (more or fewer than {@code size} once secrets were masked); an adopted container's log skips that many.
     */
    public record LogStatus(long size, boolean complete, long sourceBytes) {
        public LogStatus(long size, boolean complete) {
            this(size, complete, size);
        }
    }

    /** Secret values: passed by reference inside the process only, never logged or serialised. */
    public record MaskSecrets(RunKey run, List<String> values) {
        @Override
        public String toString() {
            return "MaskSecrets[" + run + ", " + values.size() + " values]";
        }
    }

    /** What the API asks of the extension supervisor ({@code extensions.Extensions}); the reply of each is named. */
    public sealed interface ExtensionRequest {
        /** → {@code ExtensionView}. Settings and registry password stay out of {@code toString}. */
        record Install(String id, String image, RegistryAuth auth, Map<String, String> settings) implements ExtensionRequest {
            @Override
            public String toString() {
                return "Install[" + id + ", " + image + ", settings " + settings.keySet() + "]";
            }
        }

        /** → {@code List<ExtensionView>}. */
        record ListAll() implements ExtensionRequest {
        }

        /** → {@code ExtensionView}. */
        record Get(String id) implements ExtensionRequest {
        }

        /** → null once stored (and the container stopped, or started). */
        record SetEnabled(String id, boolean enable) implements ExtensionRequest {
        }

        /** → null once the registration and its subscriptions are gone. */
        record Uninstall(String id) implements ExtensionRequest {
        }

        /** → {@code ExtensionSubscription}. Settings stay out of {@code toString}. */
        record Subscribe(String namespaceId, String pipelineId, String extensionId, String subscriptionId,
                         Map<String, String> settings) implements ExtensionRequest {
            @Override
            public String toString() {
                return "Subscribe[" + namespaceId + "/" + pipelineId + " → " + extensionId + "/" + subscriptionId + "]";
            }
        }

        /** → {@code List<ExtensionSubscription>}. */
        record SubscriptionsOfPipeline(String namespaceId, String pipelineId) implements ExtensionRequest {
        }

        /** → {@code List<ExtensionSubscription>}. */
        record SubscriptionsOfExtension(String extensionId) implements ExtensionRequest {
        }

        /** → {@code ExtensionSubscription}. */
        record GetSubscription(String namespaceId, String pipelineId, String extensionId, String subscriptionId)
                implements ExtensionRequest {
        }

        /** → null. */
        record Unsubscribe(String namespaceId, String pipelineId, String extensionId, String subscriptionId)
                implements ExtensionRequest {
        }

        /** → null once the extension, when running, was told (its row is already gone, with its pipeline). */
        record Forget(String namespaceId, String pipelineId, String extensionId, String subscriptionId)
                implements ExtensionRequest {
        }

        /** → null. */
        record SetSubscriptionStatus(String namespaceId, String pipelineId, String extensionId, String subscriptionId,
                                     String status) implements ExtensionRequest {
        }

        /** → {@code ExternalEventReply}. */
        record ExternalEvent(String extensionId, Map<String, String> headers, byte[] body, String path)
                implements ExtensionRequest {
            @Override
            public String toString() {
                return "ExternalEvent[" + extensionId + ", " + body.length + " bytes]";
            }
        }

        /** → {@code java.nio.file.Path} of the extension's log file; not found when it is not installed. */
        record LogFile(String extensionId) implements ExtensionRequest {
        }

        /** → {@code Boolean}. */
        record Installed(String extensionId) implements ExtensionRequest {
        }

        /** → {@code ExtensionDebug}. */
        record Debug(String extensionId) implements ExtensionRequest {
        }
    }

    /** {@code logFile}: where the container's output goes (appended, after a line naming the container). */
    public record StartExtensionContainer(ContainerSpec spec, Path logFile) {
    }

    /** {@code error} is set when the scheduler lost track of the container (exit code then unknown). */
    public record ExtensionContainerExited(String containerId, Integer exitCode, String error) {
    }

    /** What the server asks of the container engine beyond running containers. */
    public sealed interface EngineQuery {
        /** → {@code String} what is wrong with the engine, or null when it answers. */
        record Problem() implements EngineQuery {
        }

        /** → {@code String} the host containers reach Gofer at ({@code configured} when set). */
        record HostForContainers(String configured) implements EngineQuery {
        }

        /** → {@code Boolean} whether the image is here or can be pulled. */
        record ImageAvailable(String image) implements EngineQuery {
        }

        /** → {@code String} the image Gofer runs from, or null when it does not run in a container of the engine. */
        record OwnImage() implements EngineQuery {
        }
    }

    public sealed interface LogEvent permits LogUpdate, LogEnd {
    }

    /** {@code offset} is where {@code bytes} start in the log file; {@code stderr}: which stream printed them. */
    public record LogUpdate(long offset, byte[] bytes, boolean stderr) implements LogEvent {
    }

    public record LogEnd() implements LogEvent {
    }

    private static final List<Class<?>> MESSAGE_TYPES = List.of(
            StartRun.class, CancelRun.class, RunEnded.class, CancelTask.class, ContainerOfTask.class, ExecInContainer.class, RetryRun.class, StartContainer.class, StopContainer.class, ContainerExited.class,
            AdoptContainer.class, MaskSecrets.class, ArchiveLog.class,
            LogChunk.class, LogStatus.class, LogUpdate.class, LogEnd.class, TaskKey.class, RunKey.class,
            StartExtensionContainer.class, ExtensionContainerExited.class,
            Run.class, Event.class);
    private static final String BY_REFERENCE = "gofer.by-reference";

    /** Registers a pass-by-reference codec for every message type; call once per Vertx instance. */
    public static void registerCodecs(Vertx vertx) {
        EventBus bus = vertx.eventBus();
        for (Class<?> type : MESSAGE_TYPES) {
            registerLocal(bus, type);
        }
        for (Class<?> type : ExtensionRequest.class.getPermittedSubclasses()) {
            registerLocal(bus, type);
        }
        for (Class<?> type : EngineQuery.class.getPermittedSubclasses()) {
            registerLocal(bus, type);
        }
        bus.registerCodec(new LocalCodec<>(BY_REFERENCE));
    }

    /** Sends any body (a list, a path, null) by reference: for replies whose type has no codec of its own. */
    public static DeliveryOptions byReference() {
        return new DeliveryOptions().setCodecName(BY_REFERENCE);
    }

    private static <T> void registerLocal(EventBus bus, Class<T> type) {
        bus.registerDefaultCodec(type, new LocalCodec<>(type.getName()));
    }

    private record LocalCodec<T>(String name) implements MessageCodec<T, T> {
        @Override
        public void encodeToWire(Buffer buffer, T t) {
            throw new UnsupportedOperationException("Gofer's event bus is local to one process");
        }

        @Override
        public T decodeFromWire(int pos, Buffer buffer) {
            throw new UnsupportedOperationException("Gofer's event bus is local to one process");
        }

        @Override
        public T transform(T t) {
            return t;
        }

        @Override
        public byte systemCodecID() {
            return -1;
        }
    }
}
