package dev.gofer.scheduler.docker;

import dev.gofer.config.Setting;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.gofer.scheduler.ContainerSpec;
import dev.gofer.scheduler.ExecSession;
import dev.gofer.scheduler.RootCause;
import dev.gofer.scheduler.Scheduler;
import dev.gofer.scheduler.SchedulerException;
import dev.gofer.scheduler.StreamingFollow;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@link Scheduler} on a Docker engine, through docker-java. */
public final class DockerScheduler implements Scheduler, Closeable {
    /**
     * Connections for short engine calls (create, start, stop, inspect, list, remove). Streams that last as long as a
     * container (log follow, exit wait, attach) have a pool of their own with no practical bound: each running task
     * holds two, so one shared pool of 512 stopped every engine call at 256 running tasks (benchmark 6 at 1,000 in
     * flight: starts waited 3 minutes for a connection, then failed).
     */
    static final int CONTROL_CONNECTIONS = 512;
    /** Bounded by the running containers (two per task), not by a pool; far below the process's open-file limit. */
    private static final int STREAM_CONNECTIONS = 1 << 16;
    private final String dockerHost;
    private final String apiVersion;
    private final int controlConnections;
    /** How long a short call may wait for the engine's answer (zero: no bound); streams have none. */
    private final Duration callTimeout;
    /** Made on first use (see {@link #clients}), never on the caller of the constructor. */
    private volatile EngineClients clients;
    private volatile Optional<SelfContainer> self;

    /**
     * Cheap: the client (docker-java, its HTTP stack and TLS classes, a noticeable part of a cold start) is built
     * by the first call that needs it, which runs on a worker, so the server's start does not wait for it.
     */
    public DockerScheduler(String dockerHost, String apiVersion, Duration callTimeout) {
        this(dockerHost, apiVersion, CONTROL_CONNECTIONS, callTimeout);
    }

    /** With docker_call_timeout's default bound (tests, tools). */
    public DockerScheduler(String dockerHost, String apiVersion) {
        this(dockerHost, apiVersion, Duration.ofSeconds(Long.parseLong(Setting.DOCKER_CALL_TIMEOUT.defaultValue())));
    }

    /** With a smaller pool for short calls (tests: streams must never take its connections). */
    DockerScheduler(String dockerHost, String apiVersion, int controlConnections, Duration callTimeout) {
        this.dockerHost = dockerHost;
        this.apiVersion = apiVersion;
        this.controlConnections = controlConnections;
        this.callTimeout = callTimeout;
    }

    /**
     * The engine's clients: one pool for short calls, one for calls that last as long as a container.
     *
     * @param control create, start, stop, inspect, list, remove: {@link #controlConnections}, bounded by callTimeout
     * @param streams calls that last as long as a container (stop with its grace, wait, attach, pull): no bound
     * @param followed the log follow and the exit wait of followed containers, on the streams' connections
     * @param streaming the same without a thread each, when the engine's address allows ({@link EngineStreams})
     */
    private record EngineClients(DockerClient control, DockerClient streams, ContainerStreams followed,
                                 Optional<EngineStreams> streaming) {
    }

    private EngineClients clients() {
        EngineClients c = clients;
        return c != null ? c : firstClients();
    }

    private synchronized EngineClients firstClients() {
        if (clients == null) {
            DefaultDockerClientConfig config = config();
            ApacheDockerHttpClient streaming = http(config, STREAM_CONNECTIONS, Duration.ZERO);
            clients = new EngineClients(
                    DockerClientImpl.getInstance(config, http(config, controlConnections, callTimeout)),
                    DockerClientImpl.getInstance(config, streaming),
                    new ContainerStreams(streaming, config.getApiVersion(), this::wrap),
                    EngineStreams.forEngine(config.getDockerHost(), config.getSSLConfig() != null,
                            ContainerStreams.prefix(config.getApiVersion()), this::wrap));
        }
        return clients;
    }

    private DockerClient client() {
        return clients().control();
    }

    private DockerClient streams() {
        return clients().streams();
    }

    private DefaultDockerClientConfig config() {
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost);
        if (apiVersion != null && !apiVersion.isBlank()) {
            config.withApiVersion(apiVersion);
        }
        return config.build();
    }

    private static ApacheDockerHttpClient http(DefaultDockerClientConfig config, int maxConnections, Duration responseTimeout) {
        return new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(EngineTls.forHost(config.getDockerHost(), config.getSSLConfig()))
                .maxConnections(maxConnections)
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(responseTimeout)
                .build();
    }

    @Override
    public Optional<String> problem() {
        try {
            client().pingCmd().exec();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(wrap("the engine check (ping) failed", e).getMessage());
        }
    }

    /**
     * Creates and starts the container in as few engine calls as the common case allows ({@link ContainerStarter}).
     */
    @Override
    public String start(ContainerSpec spec) throws SchedulerException {
        return new ContainerStarter(client(), streams(), this::wrap).start(spec);
    }

    @Override
    public void adopt(String containerId) throws SchedulerException {
        try {
            String status = client().inspectContainerCmd(containerId).exec().getState().getStatus();
            if ("created".equals(status)) {
                client().startContainerCmd(containerId).exec();
            }
        } catch (NotFoundException e) {
            // gone: following it fails and the task is reported as lost
        } catch (RuntimeException e) {
            throw wrap("could not take over container " + containerId, e);
        }
    }

    @Override
    public void stop(String containerId, Duration grace) throws SchedulerException {
        try {
            // the engine answers after up to the grace: not a short call
            streams().stopContainerCmd(containerId).withTimeout((int) Math.max(0, grace.toSeconds())).exec();
        } catch (NotModifiedException | NotFoundException e) {
            // already stopped or gone: the exit is reported by waitForExit
        } catch (RuntimeException e) {
            throw wrap("could not stop container " + containerId, e);
        }
    }

    @Override
    public int waitForExit(String containerId) throws SchedulerException {
        try {
            Integer code = streams().waitContainerCmd(containerId).start().awaitStatusCode();
            return code == null ? -1 : code;
        } catch (RuntimeException e) {
            throw wrap("lost track of container " + containerId, e);
        }
    }

    /** On the calling thread (the follower's), not on one of docker-java's: see {@link ContainerStreams}. */
    @Override
    public ExitWatch watchExit(String containerId) {
        return clients().followed().watchExit(containerId);
    }

    /** Every followed task's log and exit on one I/O thread ({@link EngineStreams}); empty behind TLS or a pipe. */
    @Override
    public Optional<StreamingFollow> streamingFollow() {
        return clients().streaming().map(s -> s);
    }

    @Override
    public boolean oomKilled(String containerId) throws SchedulerException {
        try {
            return Boolean.TRUE.equals(client().inspectContainerCmd(containerId).exec().getState().getOOMKilled());
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw wrap("could not inspect container " + containerId, e);
        }
    }

    @Override
    public void streamLogs(String containerId, LogSink sink) throws SchedulerException {
        clients().followed().streamLogs(containerId, sink);
    }

    @Override
    public List<String> findByLabels(Map<String, String> labels) throws SchedulerException {
        try {
            List<String> ids = new ArrayList<>();
            for (Container c : client().listContainersCmd().withShowAll(true).withLabelFilter(labels).exec()) {
                ids.add(c.getId());
            }
            return ids;
        } catch (RuntimeException e) {
            throw wrap("could not list containers", e);
        }
    }

    @Override
    public int exec(String containerId, List<String> command, ExecSession session) throws SchedulerException {
        return DockerExec.run(client(), streams(), containerId, command, session);
    }

    /** The container Gofer runs in, if it runs in one of this engine's; asked once. Blocking. */
    public Optional<SelfContainer> self() {
        Optional<SelfContainer> found = self;
        if (found == null) {
            found = SelfContainer.find(client());
            self = found;
        }
        return found;
    }

    @Override
    public Optional<String> ownImage() {
        return self().map(SelfContainer::image);
    }

    @Override
    public boolean imageAvailable(String image) {
        try {
            if (ContainerStarter.imagePresent(client(), image)) {
                return true;
            }
            streams().pullImageCmd(image).exec(new PullImageResultCallback()).awaitCompletion(ContainerStarter.PULL_TIMEOUT.toMinutes(), TimeUnit.MINUTES);
            return ContainerStarter.imagePresent(client(), image);
        } catch (RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public Optional<String> address(String containerId) throws SchedulerException {
        try {
            var settings = client().inspectContainerCmd(containerId).exec().getNetworkSettings();
            String ip = settings == null ? null : settings.getIpAddress();
            if ((ip == null || ip.isEmpty()) && settings != null && settings.getNetworks() != null) {
                ip = settings.getNetworks().values().stream().map(n -> n.getIpAddress())
                        .filter(a -> a != null && !a.isEmpty()).findFirst().orElse(null);
            }
            return ip == null || ip.isEmpty() ? Optional.empty() : Optional.of(ip);
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw wrap("could not inspect container " + containerId, e);
        }
    }

    /**
     * The host containers on this engine reach Gofer at: {@code configured} (setting {@code extension_host}) when
     * set, else (Gofer in a container on the default bridge) that container's address, else the bridge gateway, else Docker's default 172.17.0.1 with a warning. Blocking (asks the engine).
     * Extensions (GOFER_EXTENSION_SYSTEM_GOFER_HOST) and tasks with inject_api_token (GOFER_API_URL) both get it.
     */
    @Override
    public String hostForContainers(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        // in a container on the default bridge: its own address there (a published port on the host may differ)
        Optional<String> own = self().flatMap(SelfContainer::bridgeIp);
        if (own.isPresent()) {
            return own.get();
        }
        try {
            return bridgeGateway();
        } catch (SchedulerException e) {
            LoggerFactory.getLogger(DockerScheduler.class).warn(
                    "{}; containers will call Gofer at 172.17.0.1 (Docker's default) unless extension_host is set", e.getMessage());
            return "172.17.0.1";
        }
    }

    /**
     * The host's address on the engine's default bridge network, which containers reach this host at. Docker
     * names it in the network's IPAM config, or (Debian's engine) leaves it out and uses the subnet's first address.
     */
    private String bridgeGateway() throws SchedulerException {
        try {
            var network = client().inspectNetworkCmd().withNetworkId("bridge").exec();
            for (var config : network.getIpam().getConfig()) {
                if (config.getGateway() != null && !config.getGateway().isEmpty()) {
                    return config.getGateway();
                }
                if (config.getSubnet() != null && config.getSubnet().contains(".")) {
                    String base = config.getSubnet().substring(0, config.getSubnet().indexOf('/'));
                    byte[] ip = InetAddress.getByName(base).getAddress();
                    ip[3] = (byte) (ip[3] + 1);
                    return InetAddress.getByAddress(ip).getHostAddress();
                }
            }
            throw new SchedulerException("the engine's bridge network has no IPv4 subnet; set extension_host");
        } catch (UnknownHostException e) {
            throw new SchedulerException("the bridge network's subnet is not an address: " + e.getMessage());
        } catch (RuntimeException e) {
            throw wrap("could not inspect the bridge network", e);
        }
    }

    @Override
    public void remove(String containerId) throws SchedulerException {
        try {
            client().removeContainerCmd(containerId).withForce(true).exec();
        } catch (NotFoundException | ConflictException e) {
            // gone already, or removal in progress
        } catch (RuntimeException e) {
            throw wrap("could not remove container " + containerId, e);
        }
    }

    private SchedulerException wrap(String what, RuntimeException e) {
        if (stalled(e)) {
            return new SchedulerException(what + ": the Docker engine at " + dockerHost + " did not answer within "
                    + callTimeout.toSeconds() + " s (docker_call_timeout). It is stalled or overloaded: `docker info` shows"
                    + " whether it answers; restarting dockerd ends a stall (docs/schedulers.md)", e);
        }
        if (RootCause.hasInChain(e, ConnectionRequestTimeoutException.class)) {
            // the engine answers; Gofer's own connections to it were all taken: not "no engine"
            return new SchedulerException(what + ": every one of Gofer's " + controlConnections + " connections to the"
                    + " Docker engine at " + dockerHost + " stayed busy (" + RootCause.of(e) + ")", e);
        }
        if (RootCause.isConnectionProblem(e)) {
            return new SchedulerException(unreachable(e), e);
        }
        return new SchedulerException(what + ": " + e.getMessage(), e);
    }

    /** Took the call, no answer in time; a connect timeout (httpclient5: also a SocketTimeoutException) is unreachable. */
    static boolean stalled(Throwable e) {
        return RootCause.hasInChain(e, SocketTimeoutException.class) && !RootCause.hasInChain(e, ConnectTimeoutException.class);
    }

    private String unreachable(RuntimeException e) {
        Optional<String> socket = EngineSocket.problem(dockerHost);
        if (socket.isPresent()) {
            return socket.get();
        }
        return "no Docker engine answers at " + dockerHost + " (" + RootCause.of(e) + "). Start one (e.g. `dockerd`) "
                + "or point Gofer at one with GOFER_DOCKER_HOST / --docker-host";
    }

    @Override
    public void close() throws IOException {
        EngineClients c = clients;
        if (c != null) {
            c.control().close();
            c.streams().close();
            c.streaming().ifPresent(EngineStreams::close);
        }
    }
}
