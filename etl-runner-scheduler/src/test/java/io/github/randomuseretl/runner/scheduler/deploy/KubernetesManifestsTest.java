package io.github.randomuseretl.runner.scheduler.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.runner.scheduler.wiring.SchedulerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The invariants of deploy/kubernetes, read from the manifests as {@code kubectl apply -k} would apply
 * them: every setting a pod gets is one the runner reads and accepts, the grace period outlasts
 * {@code ETL_SHUTDOWN_GRACE}, probes and scrape annotations name the ops server's paths on its port,
 * the password comes from a mounted Secret, and every pod runs non-root on a read-only root filesystem
 * with a writable {@code /tmp}. (That the probe paths answer on the real jar: {@code KubernetesProbesIT}.)
 */
class KubernetesManifestsTest {

    static final String DIR = "deploy/kubernetes";
    /** Names a pod may get that are not the runner's settings. */
    private static final Set<String> OTHER_ENV = Set.of("JAVA_TOOL_OPTIONS");

    private final Map<String, JsonNode> manifests = manifests();
    private final JsonNode configMap = one("ConfigMap");
    private final JsonNode deployment = one("Deployment");

    @TempDir
    Path tmp;

    @Test
    void kustomizationAppliesEveryManifestAndOnlyThose() {
        JsonNode kustomization = RepoFiles.yaml(DIR + "/kustomization.yaml");
        Set<String> listed = new TreeSet<>();
        kustomization.path("resources").forEach(r -> listed.add(r.asString()));
        Set<String> files = new TreeSet<>(manifests.keySet());
        assertEquals(files, listed, "kustomization.yaml's resources are the manifests of " + DIR);
        for (JsonNode image : kustomization.path("images")) {
            assertTrue(pods().stream().allMatch(p -> containers(p).stream().allMatch(c -> c.path("image").asString().equals(image.path("name").asString()))),
                    "every container uses the image kustomize sets: " + image);
        }
    }

    @Test
    void serveRunsTwoReplicasWithProbesOnTheOpsServersPaths() {
        assertEquals(2, deployment.path("spec").path("replicas").asInt(), "two serve replicas");
        JsonNode container = only(containers(pod(deployment)));
        assertEquals(List.of("serve"), strings(container.path("args")));
        int port = httpPort(container);
        assertEquals(Integer.toString(port), configMap.path("data").path("ETL_HTTP_PORT").asString(), "the container port is ETL_HTTP_PORT");
        assertEquals("/health/live", probe(container, "startupProbe", port));
        assertEquals("/health/live", probe(container, "livenessProbe", port));
        assertEquals("/health/ready", probe(container, "readinessProbe", port));
        JsonNode selector = deployment.path("spec").path("selector").path("matchLabels");
        JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
        selector.propertyNames().forEach(k -> assertEquals(selector.get(k), labels.get(k), "the selector matches the pods: " + k));
        JsonNode service = one("Service").path("spec");
        service.path("selector").propertyNames().forEach(k -> assertEquals(service.path("selector").get(k), labels.get(k), "the Service selects the pods"));
        assertEquals("http", service.path("ports").get(0).path("targetPort").asString(), "the Service forwards to the named port");
        JsonNode pdb = one("PodDisruptionBudget").path("spec");
        assertEquals(selector, pdb.path("selector").path("matchLabels"), "the disruption budget covers the serve pods");
        assertTrue(pdb.path("minAvailable").asInt() >= 1 && pdb.path("minAvailable").asInt() < 2, "a drain keeps one of two replicas");
    }

    @Test
    void prometheusScrapesTheMetricsPathOnTheHttpPort() {
        JsonNode annotations = deployment.path("spec").path("template").path("metadata").path("annotations");
        int port = httpPort(only(containers(pod(deployment))));
        assertEquals("true", annotations.path("prometheus.io/scrape").asString());
        assertEquals(Integer.toString(port), annotations.path("prometheus.io/port").asString());
        assertEquals("/metrics", annotations.path("prometheus.io/path").asString());
    }

    @Test
    void everyPodIsGivenMoreTimeToStopThanTheRunInFlight() {
        Duration grace = runnerConfig().runner().shutdownGrace();
        for (JsonNode pod : pods()) {
            long seconds = pod.path("terminationGracePeriodSeconds").asLong(30);
            assertTrue(Duration.ofSeconds(seconds).compareTo(grace) > 0,
                    "terminationGracePeriodSeconds " + seconds + " must be longer than ETL_SHUTDOWN_GRACE " + grace + " (Kubernetes' default is 30)");
        }
    }

    @Test
    void everyEnvironmentNameIsASettingTheRunnerReadsAndEveryValuePassesItsChecks() {
        Set<String> known = RunnerSettingNames.all();
        Set<String> unknown = new TreeSet<>();
        configMap.path("data").propertyNames().forEach(n -> {
            if (!known.contains(n)) {
                unknown.add("ConfigMap " + n);
            }
        });
        for (JsonNode pod : pods()) {
            for (JsonNode c : containers(pod)) {
                for (JsonNode env : c.path("env")) {
                    String name = env.path("name").asString();
                    if (!known.contains(name) && !OTHER_ENV.contains(name)) {
                        unknown.add(c.path("name").asString() + " env " + name);
                    }
                }
                for (JsonNode from : c.path("envFrom")) {
                    assertEquals(configMap.path("metadata").path("name").asString(), from.path("configMapRef").path("name").asString(),
                            c.path("name").asString() + " reads the settings' ConfigMap");
                }
            }
        }
        assertTrue(unknown.isEmpty(), "not settings the runner reads (a typo is silently ignored): " + unknown + "; it reads " + known);
        runnerConfig();
    }

    @Test
    void thePasswordComesFromASecretFileMountedWhereEtlDbPasswordFilePoints() {
        JsonNode data = configMap.path("data");
        assertTrue(data.path("ETL_DB_PASSWORD").isMissingNode(), "no password in the ConfigMap");
        assertFalse(data.path("ETL_DB_URL").asString().contains("password="), "no password in the URL");
        Path file = Path.of(data.path("ETL_DB_PASSWORD_FILE").asString());
        for (JsonNode pod : pods()) {
            JsonNode container = only(containers(pod));
            JsonNode mount = mountAt(container, file.getParent().toString());
            assertTrue(mount.path("readOnly").asBoolean(false), "the secret is mounted read-only");
            JsonNode volume = volume(pod, mount.path("name").asString());
            JsonNode secret = volume.path("secret");
            assertFalse(secret.isMissingNode(), "ETL_DB_PASSWORD_FILE's folder is a Secret volume: " + volume);
            assertEquals("randomuser-etl-db", secret.path("secretName").asString());
            boolean projected = false;
            for (JsonNode item : secret.path("items")) {
                projected |= item.path("path").asString().equals(file.getFileName().toString());
            }
            assertTrue(projected, "the Secret projects " + file.getFileName() + ": " + secret);
            assertTrue(container.path("env").isMissingNode() || !container.path("env").toString().contains("ETL_DB_PASSWORD\""),
                    "no ETL_DB_PASSWORD beside the file");
        }
    }

    @Test
    void everyPodRunsNonRootOnAReadOnlyRootFilesystemWithAWritableTmpAndLimits() {
        for (JsonNode pod : pods()) {
            JsonNode security = pod.path("securityContext");
            assertTrue(security.path("runAsNonRoot").asBoolean(false), "runAsNonRoot");
            assertNotEquals(0, security.path("runAsUser").asInt(0), "a non-zero runAsUser");
            assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), "the runner talks to no Kubernetes API");
            for (JsonNode c : containers(pod)) {
                String name = c.path("name").asString();
                JsonNode cs = c.path("securityContext");
                assertTrue(cs.path("readOnlyRootFilesystem").asBoolean(false), name + ": readOnlyRootFilesystem");
                assertFalse(cs.path("allowPrivilegeEscalation").asBoolean(true), name + ": allowPrivilegeEscalation false");
                assertEquals("[\"ALL\"]", cs.path("capabilities").path("drop").toString(), name + " drops every capability");
                // The JVM writes hsperfdata and temporary files to /tmp; with a read-only root it needs a volume there.
                JsonNode tmpMount = mountAt(c, "/tmp");
                assertFalse(volume(pod, tmpMount.path("name").asString()).path("emptyDir").isMissingNode(), name + ": /tmp is an emptyDir");
                JsonNode resources = c.path("resources");
                assertFalse(resources.path("requests").path("cpu").isMissingNode(), name + " requests cpu");
                assertFalse(resources.path("requests").path("memory").isMissingNode(), name + " requests memory");
                assertFalse(resources.path("limits").path("memory").isMissingNode(), name + " has a memory limit");
            }
        }
    }

    @Test
    void migrateIsAJobAndPruneADailyCronJobOfTheSameImage() {
        JsonNode job = one("Job");
        JsonNode migrate = only(containers(pod(job)));
        assertEquals(List.of("migrate"), strings(migrate.path("args")));
        JsonNode cron = one("CronJob");
        JsonNode prune = only(containers(pod(cron)));
        assertEquals(List.of("prune"), strings(prune.path("args")));
        String[] fields = cron.path("spec").path("schedule").asString().split("\\s+");
        assertEquals(5, fields.length, "a five-field schedule");
        assertTrue(fields[0].matches("\\d+") && fields[1].matches("\\d+") && fields[2].equals("*") && fields[3].equals("*")
                && fields[4].equals("*"), "once a day: " + cron.path("spec").path("schedule"));
        assertEquals("Forbid", cron.path("spec").path("concurrencyPolicy").asString(), "one prune at a time");
        String image = only(containers(pod(deployment))).path("image").asString();
        assertEquals(image, migrate.path("image").asString(), "migrate runs serve's image, so the schema matches the code");
        assertEquals(image, prune.path("image").asString());
    }

    // --- helpers

    /** @return the runner's checked settings from the ConfigMap, with a stand-in for the mounted password file */
    private SchedulerConfig runnerConfig() {
        Map<String, String> env = new LinkedHashMap<>();
        configMap.path("data").propertyNames().forEach(n -> env.put(n, configMap.path("data").get(n).asString()));
        try {
            Path password = Files.writeString(tmp.resolve("password"), "stand-in\n");
            env.put("ETL_DB_PASSWORD_FILE", password.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return SchedulerConfig.from(Settings.of(env));
        } catch (InvalidSettingException e) {
            throw new AssertionError("the ConfigMap hands the runner a wrong setting: " + e.getMessage(), e);
        }
    }

    private static Map<String, JsonNode> manifests() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(RepoFiles.path(DIR))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).sorted()
                    .forEach(n -> {
                        String text = RepoFiles.text(DIR + "/" + n);
                        assertFalse(text.contains("\n---"), n + ": one document per file");
                        out.put(n, Yaml.read(text));
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private JsonNode one(String kind) {
        List<JsonNode> found = manifests.values().stream().filter(m -> m.path("kind").asString("").equals(kind)).toList();
        assertEquals(1, found.size(), "one " + kind + " in " + DIR);
        return found.get(0);
    }

    /** @return the pod spec of a Deployment, Job or CronJob */
    private static JsonNode pod(JsonNode workload) {
        JsonNode spec = workload.path("spec");
        if (workload.path("kind").asString().equals("CronJob")) {
            spec = spec.path("jobTemplate").path("spec");
        }
        return spec.path("template").path("spec");
    }

    private List<JsonNode> pods() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : manifests.values()) {
            if (Set.of("Deployment", "Job", "CronJob", "StatefulSet", "DaemonSet").contains(m.path("kind").asString(""))) {
                out.add(pod(m));
            }
        }
        assertEquals(3, out.size(), "serve, migrate and prune");
        return out;
    }

    private static List<JsonNode> containers(JsonNode pod) {
        List<JsonNode> out = new ArrayList<>();
        pod.path("containers").forEach(out::add);
        pod.path("initContainers").forEach(out::add);
        return out;
    }

    private static JsonNode only(List<JsonNode> nodes) {
        assertEquals(1, nodes.size(), "one container per pod: " + nodes);
        return nodes.get(0);
    }

    private static int httpPort(JsonNode container) {
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asString("").equals("http")) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no port named http: " + container.path("ports"));
    }

    /** @return the probe's path, after checking it asks the http port over HTTP GET */
    private static String probe(JsonNode container, String which, int port) {
        JsonNode get = container.path(which).path("httpGet");
        assertFalse(get.isMissingNode(), which + " is an HTTP GET");
        String probePort = get.path("port").asString();
        assertTrue(probePort.equals("http") || probePort.equals(Integer.toString(port)), which + " asks the http port: " + probePort);
        return get.path("path").asString();
    }

    private static JsonNode mountAt(JsonNode container, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asString().equals(path)) {
                return mount;
            }
        }
        throw new AssertionError(container.path("name").asString() + " mounts nothing at " + path);
    }

    private static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode v : pod.path("volumes")) {
            if (v.path("name").asString().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}
