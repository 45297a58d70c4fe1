package dev.gofer.bus;

import dev.gofer.model.Initiator;
import dev.gofer.model.RunKey;
import dev.gofer.model.TaskKey;
import dev.gofer.scheduler.ContainerSpec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every event-bus address and message in Gofer, so the flow reads in one place:
 *
 * <pre>
 *  ApiVerticle ──START_RUN / CANCEL_RUN (runs.Runs)──▶ OrchestratorVerticle ──START_CONTAINER / STOP_CONTAINER──▶ SchedulerVerticle
 *        ▲                                       ▲    ▲                        (runs.Containers)                 │
 *        │ logUpdates(task) (publish)            │    └───────────── CONTAINER_EXITED ───────────────────────────┤
 *        │                                       │                                                              │
 *   LogVerticle ◀──────────── APPEND_LOG / CLOSE_LOG (also from the orchestrator for tasks that never ran) ◀─────┘
 *                                                │
 *  ExtensionSupervisorVerticle ──START_RUN (runs.Runs: an extension's StartRun, acting as its key)
 *        (starts extension containers through the scheduler directly; their gRPC calls come in on ExtensionHost)
 *
 *  every stored event ──EVENTS (publish)──▶ the event stream (GET /api/events)
 * </pre>
 *
 * A request that leads to a change carries its actor ({@code dev.gofer.events.Actor#HEADER}) so the change's
 * events name who asked.
 * </pre>
 *
 * Messages are records passed by reference (one process), so each type gets a local codec.
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

    /** Published per task: {@link LogUpdate} for each appended chunk, then {@link LogEnd}. */
    public static String logUpdates(TaskKey key) {
        return "gofer.logs.updates." + key.slug();
    }

    /** {@code variableSource}: how the run's variables are labelled (run_options from users, extension from extensions). */
    public record StartRun(String namespaceId, String pipelineId, Map<String, String> variables, Initiator initiator,
                           String variableSource) {
        public StartRun(String namespaceId, String pipelineId, Map<String, String> variables, Initiator initiator) {
            this(namespaceId, pipelineId, variables, initiator, dev.gofer.model.Variable.RUN_OPTIONS);
        }
    }

    public record CancelRun(RunKey run) {
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

    /** {@code error} is set when the scheduler lost track of the container (exit code then unknown). */
    public record ContainerExited(TaskKey task, Integer exitCode, String error) {
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

    public sealed interface LogEvent permits LogUpdate, LogEnd {
    }

    /** {@code offset} is where {@code bytes} start in the log file; {@code stderr}: which stream printed them. */
    public record LogUpdate(long offset, byte[] bytes, boolean stderr) implements LogEvent {
    }

    public record LogEnd() implements LogEvent {
    }

    private static final List<Class<?>> MESSAGE_TYPES = List.of(
            StartRun.class, CancelRun.class, RetryRun.class, StartContainer.class, StopContainer.class, ContainerExited.class,
            AdoptContainer.class, MaskSecrets.class,
            LogChunk.class, LogStatus.class, LogUpdate.class, LogEnd.class, TaskKey.class, RunKey.class,
            dev.gofer.model.Run.class, dev.gofer.events.Event.class);

    /** Registers a pass-by-reference codec for every message type; call once per Vertx instance. */
    public static void registerCodecs(Vertx vertx) {
        EventBus bus = vertx.eventBus();
        for (Class<?> type : MESSAGE_TYPES) {
            registerLocal(bus, type);
        }
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
