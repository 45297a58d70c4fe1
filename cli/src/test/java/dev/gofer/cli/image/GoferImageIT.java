package dev.gofer.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gofer image, built from the top-level Dockerfile by scripts/build-image.sh on the local JRE base, and run as
 * users run it: the engine's socket mounted, a named volume for the data dir, the API published on 127.0.0.1. Tasks
 * and the standard extensions are sibling containers on the same engine, started from this image.
 */
class GoferImageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "gofer-test/jre:17";
    private static final String ID = UUID.randomUUID().toString().substring(0, 8);
    private static final String IMAGE = "gofer-test/gofer:" + ID;
    /** Every container this test starts carries it; Gofer's own containers carry gofer.instance of DATA_DIR. */
    private static final String LABEL = "gofer-image-it=" + ID;
    private static final String DATA_DIR = "/var/lib/gofer/it-" + ID;
    private static final String KEY = "74657374206b6579206f6620676f6665722074657374732c206e6f7420736563";
    private static final List<String> VOLUMES = new ArrayList<>();

    @BeforeAll
    static void buildImage() {
        Docker.run("image", "inspect", BASE).ok("the base image " + BASE + " (run `bash scripts/test-env.sh`)");
        Instant start = Instant.now();
        Docker.Result built = Docker.exec(List.of("bash", "../scripts/build-image.sh", BASE, IMAGE), 300).ok("scripts/build-image.sh");
        System.out.println(built.output() + " in " + Duration.between(start, Instant.now()).toMillis() + " ms");
    }

    @AfterAll
    static void cleanUp() {
        String ours = Docker.run("ps", "-aq", "--filter", "label=" + LABEL).output();
        String gofers = Docker.run("ps", "-aq", "--filter", "label=gofer.instance=" + instance()).output();
        List<String> rm = new ArrayList<>(List.of("rm", "-f", "-v"));
        (ours + "\n" + gofers).lines().filter(l -> !l.isBlank()).forEach(rm::add);
        if (rm.size() > 3) {
            Docker.run(rm.toArray(String[]::new));
        }
        VOLUMES.forEach(v -> Docker.run("volume", "rm", "-f", v));
        Docker.run("rmi", "-f", IMAGE);
    }

    @Test
    void runsPipelinesAndAStandardExtensionAndKeepsThemAcrossARestart() throws Exception {
        String image = Docker.out("image", "inspect", "-f",
                "{{index .Config.Labels \"org.opencontainers.image.title\"}} {{json .Config.ExposedPorts}} {{json .Config.Volumes}}"
                        + " {{json .Config.Healthcheck.Test}} {{.Config.StopSignal}}", IMAGE);
        assertTrue(image.startsWith("Gofer ") && image.contains("8080/tcp") && image.contains("8081/tcp")
                && image.contains("/var/lib/gofer") && image.contains("service\",\"health") && image.endsWith("SIGTERM"), image);

        String volume = volume();
        String name = "gofer-image-it-" + ID;
        Docker.out("run", "-d", "--name", name, "--label", LABEL, "-v", "/var/run/docker.sock:/var/run/docker.sock",
                "-v", volume + ":/var/lib/gofer", "-e", "GOFER_DATA_DIR=" + DATA_DIR, "-p", "127.0.0.1::8080", IMAGE);
        Api api = Api.published(name);
        String token = api.bootstrap();

        // the standard extensions, installed at start from the image Gofer runs in
        for (String ext : List.of("interval", "cron")) {
            JsonNode e = Api.poll(() -> api.json("GET", "/api/extensions/" + ext, null),
                    j -> j != null && j.at("/extension/state").asText().equals("running"), Duration.ofMinutes(2), ext + " running");
            assertEquals(IMAGE, e.at("/extension/registration/image").asText(), e.toString());
        }
        assertEquals(0, Docker.run("exec", name, "java", "-jar", "/opt/gofer/gofer.jar", "service", "health").exitCode(),
                "the HEALTHCHECK command answers 0 while the API serves");

        // a pipeline over the published port; its task calls the API back with its injected token
        String pipeline = "image-" + ID;
        String base = "/api/namespaces/default/pipelines/" + pipeline;
        Map<String, Object> task = Map.of("id", "hello", "image", "busybox:latest", "inject_api_token", true,
                "command", List.of("sh", "-c", "echo hello from a sibling container; wget -q -O - --header \"Authorization: Bearer"
                        + " $GOFER_API_TOKEN\" $GOFER_API_URL/api/namespaces/default/pipelines/" + pipeline + "/runs/$GOFER_RUN_ID"
                        + " | grep -o '\"pipeline_id\":\"[^\"]*\"' | head -1"));
        api.expect(201, "POST", base + "/configs", Map.of("config", Map.of("id", pipeline, "name", "Image test", "tasks", List.of(task))));
        api.expect(201, "POST", base + "/configs/1", null);
        api.expect(201, "POST", base + "/runs", Map.of("variables", Map.of()));
        String expectedLog = "hello from a sibling container\n\"pipeline_id\":\"" + pipeline + "\"\n";
        checkRunOne(api, base, expectedLog);

        // the interval extension, installed again from the gofer image with a small minimum, starts runs
        api.expect(204, "DELETE", "/api/extensions/interval", null);
        api.expect(201, "POST", "/api/extensions", Map.of("id", "interval", "image", IMAGE, "settings", Map.of("min_interval", "1s")));
        api.expect(201, "POST", base + "/subscriptions", Map.of("extension_id", "interval", "subscription_id", "every-2s",
                "settings", Map.of("every", "2s")));
        JsonNode byInterval = Api.poll(() -> api.json("GET", base + "/runs?limit=100", null), j -> j != null
                && j.get("runs").size() >= 2, Duration.ofSeconds(60), "a run started by the interval extension");
        assertTrue(byInterval.toString().contains("interval"), "a run initiated by the extension: " + byInterval);
        api.expect(204, "DELETE", base + "/subscriptions/interval/every-2s", null);

        // docker restart: SIGTERM reaches Gofer (its shutdown hook prints "Gofer stopped"), and everything is still there
        Instant stopAt = Instant.now();
        Docker.out("restart", "-t", "30", name);
        assertTrue(Duration.between(stopAt, Instant.now()).toSeconds() < 30, "stopped on SIGTERM, not killed after the timeout");
        assertTrue(Docker.out("logs", name).contains("Gofer stopped"), "the shutdown hook ran");
        Api again = Api.published(name);
        assertTrue(Docker.out("logs", name).contains(DATA_DIR + "/encryption.key"), "no key given: Gofer made its key file in the volume");
        again.token = token;
        checkRunOne(again, base, expectedLog);
        Api.poll(() -> again.json("GET", "/api/extensions/interval", null),
                j -> j != null && j.at("/extension/state").asText().equals("running"), Duration.ofMinutes(2), "interval running after the restart");
    }

    private static void checkRunOne(Api api, String base, String expectedLog) throws Exception {
        JsonNode run = Api.poll(() -> api.json("GET", base + "/runs/1", null),
                j -> j != null && j.at("/run/state").asText().equals("complete"), Duration.ofMinutes(2), "run 1 to complete");
        assertEquals("successful", run.at("/run/status").asText(), run.toString());
        assertEquals(expectedLog, api.text(base + "/runs/1/tasks/hello/logs"));
    }

    @Test
    void withoutTheSocketSaysWhatToMountInOneLine() {
        String name = "gofer-image-it-nosocket-" + ID;
        Docker.Result run = Docker.run("run", "--name", name, "--label", LABEL, "-v", volume() + ":/var/lib/gofer",
                "-e", "GOFER_ENCRYPTION_KEY=" + KEY, IMAGE);
        String logs = run.output();
        assertEquals(1, run.exitCode(), "the start fails: " + logs);
        List<String> lines = logs.lines().filter(l -> l.contains("docker.sock")).toList();
        assertEquals(1, lines.size(), logs);
        assertTrue(lines.get(0).contains("/var/run/docker.sock does not exist") && lines.get(0).contains("-v /var/run/docker.sock:")
                && lines.get(0).contains("docker_host"), lines.get(0));
        assertTrue(logs.lines().noneMatch(l -> l.startsWith("\tat ") || l.contains("{\"message\"")), "no stack trace, no engine JSON:\n" + logs);
    }

    @Test
    void anUnwritableDataVolumeAndASocketWithoutPermissionAreOneLineErrors() {
        // a fresh named volume is root's: a user that is not root cannot write it (the socket's group lets it use the engine)
        String socketGroup = Docker.exec(List.of("stat", "-c", "%g", "/var/run/docker.sock"), 10).ok("stat of the socket").output();
        String name = "gofer-image-it-user-" + ID;
        Docker.Result unwritable = Docker.run("run", "--name", name, "--label", LABEL, "--user", "4321:4321", "--group-add", socketGroup,
                "-v", "/var/run/docker.sock:/var/run/docker.sock", "-v", volume() + ":/var/lib/gofer", "-e", "GOFER_ENCRYPTION_KEY=" + KEY, IMAGE);
        String logs = unwritable.output();
        assertEquals(1, unwritable.exitCode(), logs);
        assertTrue(logs.contains("did not start") && logs.contains("/var/lib/gofer"), logs);
        assertTrue(logs.lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace:\n" + logs);

        // with a writable data dir, the same user meets the root-owned socket
        String socketUser = "gofer-image-it-socket-" + ID;
        Docker.Result denied = Docker.run("run", "--name", socketUser, "--label", LABEL, "--user", "4321:4321",
                "-v", "/var/run/docker.sock:/var/run/docker.sock", "-e", "GOFER_DATA_DIR=/tmp/gofer", "-e", "GOFER_ENCRYPTION_KEY=" + KEY, IMAGE);
        assertEquals(1, denied.exitCode(), denied.output());
        List<String> lines = denied.output().lines().filter(l -> l.contains("docker.sock")).toList();
        assertEquals(1, lines.size(), denied.output());
        String line = lines.get(0);
        assertTrue(line.contains("no permission to use the Docker engine socket /var/run/docker.sock") && line.contains("--group-add"), line);
    }

    private static String volume() {
        String v = "gofer-image-it-" + ID + "-" + VOLUMES.size();
        Docker.out("volume", "create", "--label", LABEL, v);
        VOLUMES.add(v);
        return v;
    }

    /** Same derivation as ServerSettings.instanceId(): the label of the containers Gofer in the container starts. */
    private static String instance() {
        return dev.gofer.config.ServerSettings.forDataDir(java.nio.file.Path.of(DATA_DIR), 0).instanceId();
    }
}
