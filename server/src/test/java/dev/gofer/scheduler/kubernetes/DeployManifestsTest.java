package dev.gofer.scheduler.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.ServerSettings;
import dev.gofer.config.Setting;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/ read with fabric8's model: each file parses as the kind it claims, the Role grants what the
 * scheduler calls, and the Deployment sets only settings that exist.
 */
class DeployManifestsTest {
    private static final Path DIR = Path.of("..", "deploy", "kubernetes");
    /** Verbs per resource that {@link KubernetesScheduler} uses (see its calls: create, informer waits, edit, delete). */
    private static final Map<String, Set<String>> NEEDED = Map.of(
            "pods", Set.of("create", "get", "list", "watch", "delete", "patch"),
            "pods/log", Set.of("get"),
            "secrets", Set.of("create", "get", "patch", "delete"));

    private static <T extends HasMetadata> T load(String file, Class<T> kind) throws IOException {
        try (InputStream in = Files.newInputStream(DIR.resolve(file))) {
            Object parsed = Serialization.unmarshal(in);
            assertTrue(kind.isInstance(parsed), file + " should hold a " + kind.getSimpleName() + ", got " + parsed);
            T resource = kind.cast(parsed);
            if (!(resource instanceof Namespace)) {
                assertEquals("gofer", resource.getMetadata().getNamespace(), file + " belongs in namespace gofer");
            }
            return resource;
        }
    }

    @Test
    void everyManifestParsesAsTheKindItIs() throws IOException {
        load("namespace.yaml", Namespace.class);
        load("serviceaccount.yaml", ServiceAccount.class);
        load("secret.yaml", Secret.class);
        load("pvc.yaml", PersistentVolumeClaim.class);
        try (Stream<Path> files = Files.list(DIR)) {
            assertEquals(Set.of("namespace.yaml", "serviceaccount.yaml", "role.yaml", "rolebinding.yaml", "secret.yaml",
                            "pvc.yaml", "deployment.yaml", "service.yaml", "README.md"),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()), "a new manifest needs a check here");
        }
    }

    @Test
    void theRoleGrantsEveryVerbTheSchedulerUsesAndTheBindingGivesItToGofersAccount() throws IOException {
        Role role = load("role.yaml", Role.class);
        for (var need : NEEDED.entrySet()) {
            Set<String> granted = new HashSet<>();
            for (PolicyRule rule : role.getRules()) {
                if (rule.getApiGroups().contains("") && rule.getResources().contains(need.getKey())) {
                    granted.addAll(rule.getVerbs());
                }
            }
            assertTrue(granted.containsAll(need.getValue()), need.getKey() + " needs " + need.getValue() + ", granted " + granted);
        }
        RoleBinding binding = load("rolebinding.yaml", RoleBinding.class);
        assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
        assertEquals("Role", binding.getRoleRef().getKind());
        String account = load("serviceaccount.yaml", ServiceAccount.class).getMetadata().getName();
        assertTrue(binding.getSubjects().stream().anyMatch(s -> s.getKind().equals("ServiceAccount") && s.getName().equals(account)));
        assertEquals(account, load("deployment.yaml", Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName());
    }

    @Test
    void theDeploymentSetsOnlyRealSettingsAndTakesItsSecretsFromTheSecret() throws IOException {
        Deployment deployment = load("deployment.yaml", Deployment.class);
        List<EnvVar> env = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        Set<String> settings = ServerSettings.SETTINGS.stream().map(Setting::env).collect(Collectors.toSet());
        for (EnvVar e : env) {
            assertTrue(settings.contains(e.getName()) || e.getName().equals("POD_IP"), e.getName() + " is not a setting");
        }
        Map<String, EnvVar> byName = env.stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertEquals(ServerSettings.KUBERNETES, byName.get("GOFER_SCHEDULER").getValue());
        Secret secret = load("secret.yaml", Secret.class);
        for (String fromSecret : List.of("GOFER_ENCRYPTION_KEY", "GOFER_STORE")) {
            var ref = byName.get(fromSecret).getValueFrom().getSecretKeyRef();
            assertNotNull(ref, fromSecret + " must come from the Secret, not a literal");
            assertEquals(secret.getMetadata().getName(), ref.getName());
            assertTrue(secret.getStringData().containsKey(ref.getKey()), "the Secret has key " + ref.getKey());
        }
        assertTrue(byName.get("GOFER_STORE").getValueFrom() != null && secret.getStringData().get("store").startsWith("postgres://"),
                "a cluster install keeps its state in PostgreSQL");
    }

    @Test
    void theServiceReachesGofersPodOnBothPorts() throws IOException {
        Service service = load("service.yaml", Service.class);
        Deployment deployment = load("deployment.yaml", Deployment.class);
        assertEquals(deployment.getSpec().getTemplate().getMetadata().getLabels(), service.getSpec().getSelector());
        Set<Integer> ports = service.getSpec().getPorts().stream().map(p -> p.getPort()).collect(Collectors.toSet());
        assertEquals(Set.of(8080, 8081), ports);
        String host = service.getMetadata().getName() + "." + service.getMetadata().getNamespace() + ".svc.cluster.local";
        EnvVar extensionHost = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("GOFER_EXTENSION_HOST")).findFirst().orElseThrow();
        assertEquals(host, extensionHost.getValue(), "extensions call back through the Service");
    }
}
