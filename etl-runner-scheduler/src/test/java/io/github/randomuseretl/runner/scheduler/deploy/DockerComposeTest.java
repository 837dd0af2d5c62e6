package io.github.randomuseretl.runner.scheduler.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.runner.scheduler.config.KnownSettings;
import io.github.randomuseretl.runner.scheduler.wiring.SchedulerConfig;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import tools.jackson.databind.JsonNode;

/**
 * What {@code docker compose up --build} relies on, checked without Docker: the services and their
 * order, the image build, the runner's settings as compose hands them over, health checks, ports and
 * Grafana's mounts. Reads the checkout's docker-compose.yml, Dockerfile, .env.example and docs/grafana.
 */
class DockerComposeTest {

    /** The services whose container is the runner (built from the Dockerfile). */
    private static final List<String> RUNNER_SERVICES = List.of("migrate", "scheduler");

    private final JsonNode compose = RepoFiles.yaml("docker-compose.yml");
    private final JsonNode services = compose.path("services");
    private final Dockerfile dockerfile = Dockerfile.parse(RepoFiles.text("Dockerfile"));
    private final Map<String, String> envExample = dotEnv(RepoFiles.text(".env.example"));

    @Test
    void definesPostgresTheMigrationTheSchedulerAndGrafana() {
        for (String name : List.of("postgres", "migrate", "scheduler", "grafana")) {
            assertTrue(services.has(name), "docker-compose.yml has no service " + name + "; it has " + names(services));
        }
    }

    @Test
    void everyBuildContextAndDockerfileExistsAndTheRunnerServicesShareOneImage() {
        Set<String> images = new TreeSet<>();
        for (String name : names(services)) {
            JsonNode build = services.path(name).path("build");
            if (build.isMissingNode()) {
                continue;
            }
            String context = build.isString() ? build.asString() : build.path("context").asString(".");
            Path dir = RepoFiles.root().resolve(context).normalize();
            assertTrue(Files.isDirectory(dir), name + ": build context " + context + " does not exist");
            String file = build.path("dockerfile").asString("Dockerfile");
            assertTrue(Files.isRegularFile(dir.resolve(file)), name + ": dockerfile " + file + " does not exist in " + context);
        }
        for (String name : RUNNER_SERVICES) {
            JsonNode service = services.path(name);
            assertTrue(service.has("build"), name + " builds the runner's image");
            images.add(service.path("image").asString(""));
        }
        assertEquals(1, images.size(), "migrate and scheduler run one image, so the schema matches the code: " + images);
    }

    @Test
    void theImageCopiesEveryModulePomAndTheSourcesOfWhatItBuilds() {
        List<Dockerfile.Copy> copies = dockerfile.contextCopies();
        Set<String> copied = new LinkedHashSet<>();
        for (Dockerfile.Copy copy : copies) {
            for (String source : copy.sources()) {
                String path = trimSlash(source);
                copied.add(path);
                assertTrue(Files.exists(RepoFiles.root().resolve(path)), "the Dockerfile copies " + source + ", which does not exist");
                assertFalse(ignored(path), "the Dockerfile copies " + source + ", which .dockerignore leaves out of the context");
            }
        }
        // Maven reads every module's pom to build any of them: a module added to the parent but not
        // copied breaks the image build.
        List<String> modules = modules();
        assertFalse(modules.isEmpty(), "the parent pom lists its modules");
        for (String module : modules) {
            assertTrue(copied.contains(module + "/pom.xml"), "the Dockerfile does not COPY " + module + "/pom.xml (a module of the parent pom)");
        }
        // The module the image packages, and what it depends on in the reactor, need their sources.
        String run = dockerfile.all("RUN").stream().map(Dockerfile.Instruction::args).filter(a -> a.contains("mvnw"))
                .findFirst().orElseThrow(() -> new AssertionError("no RUN builds with ./mvnw"));
        Matcher pl = Pattern.compile("-pl\\s+(\\S+)").matcher(run);
        assertTrue(pl.find() && run.contains("-am"), "the build selects the runner with -pl ... -am: " + run);
        String built = pl.group(1);
        assertEquals("etl-runner-scheduler", built);
        for (String module : reactorClosure(built, modules)) {
            assertTrue(copied.contains(module + "/src"), "the Dockerfile does not COPY " + module + "/src, which " + built + " is built from");
        }
        String jar = built + "/target/" + shadedJarName(built);
        assertTrue(run.contains(jar), "the build copies " + jar + ", the jar the shade plugin writes: " + run);
    }

    @Test
    void migrateRunsFirstAndTheSchedulerServesOnceTheSchemaIsThere() {
        assertEquals(List.of("migrate"), strings(services.path("migrate").path("command")));
        assertEquals(List.of("serve"), strings(services.path("scheduler").path("command")));
        assertTrue(services.path("postgres").path("healthcheck").path("test").size() > 0, "postgres has a health check");
        assertDependsOn("migrate", "postgres", "service_healthy");
        assertDependsOn("scheduler", "postgres", "service_healthy");
        assertDependsOn("scheduler", "migrate", "service_completed_successfully");
        // The dashboard's views come from the migration.
        assertDependsOn("grafana", "migrate", "service_completed_successfully");
        assertEquals(services.path("migrate").path("environment"), services.path("scheduler").path("environment"),
                "migrate and scheduler get the same settings, so they use the same database and schema");
    }

    @Test
    void theSchedulerRestartsAndIsGivenMoreTimeToStopThanItGivesTheRunInFlight() {
        JsonNode scheduler = services.path("scheduler");
        assertEquals("unless-stopped", scheduler.path("restart").asString(""));
        String period = scheduler.path("stop_grace_period").asString("");
        assertFalse(period.isEmpty(), "scheduler needs stop_grace_period: Docker's default 10s kills the run in flight before ETL_SHUTDOWN_GRACE");
        Duration grace = runnerConfig(composeEnv(Map.of())).runner().shutdownGrace();
        assertTrue(ComposeValues.duration(period).compareTo(grace) > 0,
                "stop_grace_period " + period + " must be longer than ETL_SHUTDOWN_GRACE " + grace);
    }

    @Test
    void everyEtlNameGivenToTheRunnerIsASettingItReads() {
        Map<String, String> env = composeEnv(Map.of());
        Settings settings = Settings.of(env);
        SchedulerConfig.from(settings);
        Set<String> known = settings.known();
        Set<String> names = new TreeSet<>();
        for (String service : RUNNER_SERVICES) {
            names.addAll(names(services.path(service).path("environment")));
        }
        envExample.keySet().stream().filter(n -> n.startsWith("ETL_")).forEach(names::add);
        Set<String> unknown = new TreeSet<>();
        for (String name : names) {
            if (!name.startsWith("ETL_")) {
                fail(name + " is given to the runner, whose settings all start with ETL_");
            }
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        assertTrue(unknown.isEmpty(), "not settings the runner reads (typo, or a compose-only name with the runner's prefix): " + unknown
                + "; it reads " + known);
        assertEquals(List.of(), KnownSettings.CATALOG.unknown(env.keySet()), "the runner would warn about these at start-up");
    }

    @Test
    void theSettingsComposeHandsOverPassTheRunnersChecks() {
        // As shipped (every ${VAR:-default} at its default), with .env.example copied to .env, and with a
        // .env of an operator's own database and login.
        Map<String, String> own = Map.of("POSTGRES_DB", "shop", "POSTGRES_USER", "ops", "POSTGRES_PASSWORD", "own-secret");
        for (Map<String, String> dotEnv : List.of(Map.<String, String>of(), envExample, own)) {
            String variant = dotEnv.isEmpty() ? "defaults" : dotEnv == own ? "own .env" : ".env.example";
            SchedulerConfig config;
            try {
                config = SchedulerConfig.from(Settings.of(composeEnv(dotEnv)));
            } catch (InvalidSettingException e) {
                throw new AssertionError("compose hands the runner a wrong setting (" + variant + "): " + e.getMessage(), e);
            }
            // The runner logs in to the database the postgres service creates, as the role it creates.
            Map<String, String> postgres = environment(services.path("postgres"), dotEnv);
            assertEquals("postgres:5432/" + postgres.get("POSTGRES_DB"), config.database().hostAndDatabase(), variant);
            assertEquals(postgres.get("POSTGRES_USER"), config.database().user(), variant);
            assertEquals(postgres.get("POSTGRES_PASSWORD"), config.database().password(), variant);
        }
    }

    @Test
    void envExampleListsEveryVariableComposeReadsWithTheSameDefault() {
        Map<String, String> referenced = new TreeMap<>();
        collectReferences(compose, referenced);
        assertEquals(new TreeSet<>(referenced.keySet()), new TreeSet<>(envExample.keySet()),
                ".env.example and docker-compose.yml must name the same variables (one set in .env and not read does nothing)");
        referenced.forEach((name, fallback) -> assertEquals(fallback == null ? "" : fallback, envExample.get(name),
                ".env.example's " + name + " differs from the default in docker-compose.yml"));
    }

    @Test
    void theImageChecksReadinessRunsAsAnOrdinaryUserAndServesOnTheComposePort() {
        int last = dockerfile.finalStage();
        List<Dockerfile.Instruction> health = dockerfile.inStage(last, "HEALTHCHECK");
        assertEquals(1, health.size(), "the runtime stage has one HEALTHCHECK");
        assertTrue(health.get(0).args().contains("/health/ready"), "the health check asks /health/ready: " + health.get(0).args());
        List<Dockerfile.Instruction> users = dockerfile.inStage(last, "USER");
        assertFalse(users.isEmpty(), "the runtime stage sets a USER");
        String user = users.get(users.size() - 1).args().split(":")[0];
        assertFalse(user.equals("root") || user.equals("0"), "the runtime stage runs as root: USER " + user);

        String port = composeEnv(Map.of()).get("ETL_HTTP_PORT");
        JsonNode ports = services.path("scheduler").path("ports");
        assertEquals(1, ports.size(), "scheduler publishes one port");
        String mapping = ComposeValues.interpolate(ports.get(0).asString(), Map.of());
        String containerPort = mapping.substring(mapping.lastIndexOf(':') + 1).replace("/tcp", "");
        assertEquals(port, containerPort, "scheduler publishes " + mapping + " but the runner listens on ETL_HTTP_PORT " + port);
        assertTrue(dockerfile.inStage(last, "EXPOSE").stream().anyMatch(i -> i.words().contains(port)), "the image EXPOSEs " + port);
        assertTrue(dockerfile.inStage(last, "ENV").stream().anyMatch(i -> i.args().contains("ETL_HTTP_PORT=" + port)),
                "the image's ETL_HTTP_PORT (read by its HEALTHCHECK) is " + port);
        assertTrue(services.path("migrate").path("ports").isMissingNode(), "migrate serves nothing");
    }

    @Test
    void grafanaMountsTheProvisioningAndTheDashboardAndReadsTheRunnersSchema() {
        JsonNode grafana = services.path("grafana");
        Map<String, String> mounts = new LinkedHashMap<>();
        for (JsonNode volume : grafana.path("volumes")) {
            String[] parts = volume.asString().split(":");
            assertTrue(parts[0].startsWith("./"), "Grafana mounts folders of the checkout: " + volume);
            assertTrue(Files.isDirectory(RepoFiles.root().resolve(parts[0]).normalize()), parts[0] + " does not exist");
            mounts.put(parts[1], parts[0].substring(2));
        }
        String provisioning = mounts.get("/etc/grafana/provisioning");
        assertEquals("docs/grafana/provisioning", provisioning, "Grafana reads its provisioning from /etc/grafana/provisioning");

        // The dashboard provider points at a mounted folder that holds the dashboard.
        JsonNode provider = RepoFiles.yaml(provisioning + "/dashboards/randomuser-etl.yaml").path("providers").get(0);
        String dashboards = mounts.get(provider.path("options").path("path").asString());
        assertEquals("docs/grafana/dashboards", dashboards, "the provider's path is the mount of docs/grafana/dashboards");
        assertTrue(Files.isRegularFile(RepoFiles.root().resolve(dashboards).resolve("randomuser-etl.json")));

        // The data source reads its database and login from the grafana service's environment: the postgres service's.
        String datasourceText = RepoFiles.text(provisioning + "/datasources/postgres.yaml");
        JsonNode datasource = Yaml.read(datasourceText).path("datasources").get(0);
        Map<String, String> grafanaEnv = environment(grafana, Map.of());
        Map<String, String> postgresEnv = environment(services.path("postgres"), Map.of());
        for (String name : ComposeValues.references(datasourceText).keySet()) {
            assertTrue(grafanaEnv.containsKey(name), "the data source reads ${" + name + "}, which the grafana service does not set");
        }
        assertEquals(postgresEnv.get("POSTGRES_DB"), ComposeValues.interpolate(datasource.path("jsonData").path("database").asString(), grafanaEnv));
        assertEquals(postgresEnv.get("POSTGRES_USER"), ComposeValues.interpolate(datasource.path("user").asString(), grafanaEnv));
        assertEquals(postgresEnv.get("POSTGRES_PASSWORD"),
                ComposeValues.interpolate(datasource.path("secureJsonData").path("password").asString(), grafanaEnv));
        assertEquals("postgres:5432", datasource.path("url").asString(), "the data source reaches the postgres service");

        // The dashboard's schema variable is the schema the scheduler writes.
        JsonNode dashboard = RepoFiles.json(dashboards + "/randomuser-etl.json");
        String schema = null;
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("name").asString("").equals("schema")) {
                schema = variable.path("query").asString();
            }
        }
        assertEquals(runnerConfig(composeEnv(Map.of())).database().schema(), schema, "the dashboard's schema variable");
    }

    // --- helpers

    private void assertDependsOn(String service, String on, String condition) {
        JsonNode dependency = services.path(service).path("depends_on").path(on);
        assertEquals(condition, dependency.path("condition").asString(""), service + " depends on " + on + " being " + condition);
    }

    /** @return the runner services' environment as the container sees it */
    private Map<String, String> composeEnv(Map<String, String> dotEnv) {
        return environment(services.path("scheduler"), dotEnv);
    }

    private static Map<String, String> environment(JsonNode service, Map<String, String> dotEnv) {
        if (service.isMissingNode()) {
            throw new AssertionError("no such service in docker-compose.yml");
        }
        JsonNode env = service.path("environment");
        if (!env.isObject()) {
            throw new AssertionError("environment as a map is what this test reads, got " + env);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : names(env)) {
            out.put(name, ComposeValues.interpolate(env.get(name).asString(), dotEnv));
        }
        return out;
    }

    private static SchedulerConfig runnerConfig(Map<String, String> env) {
        return SchedulerConfig.from(Settings.of(env));
    }

    private static void collectReferences(JsonNode node, Map<String, String> into) {
        if (node.isString()) {
            into.putAll(ComposeValues.references(node.asString()));
        }
        for (JsonNode child : node) {
            collectReferences(child, into);
        }
    }

    private static Map<String, String> dotEnv(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq < 1) {
                throw new AssertionError(".env.example has a line that is not NAME=VALUE: " + l);
            }
            out.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
        }
        return out;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    private static String trimSlash(String path) {
        String p = path.startsWith("./") ? path.substring(2) : path;
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static boolean ignored(String path) {
        for (String pattern : RepoFiles.text(".dockerignore").split("\n")) {
            String p = trimSlash(pattern.strip());
            if (p.isEmpty() || p.startsWith("#")) {
                continue;
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + p);
            for (Path prefix = Path.of(path); prefix != null; prefix = prefix.getParent()) {
                if (matcher.matches(prefix) || matcher.matches(Path.of("x").resolve(prefix))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> modules() {
        List<String> out = new ArrayList<>();
        NodeList list = pom("pom.xml").getElementsByTagName("module");
        for (int i = 0; i < list.getLength(); i++) {
            out.add(list.item(i).getTextContent().strip());
        }
        return out;
    }

    /** @return the module and every module of the reactor it depends on, directly or not */
    private static Set<String> reactorClosure(String module, Collection<String> modules) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(List.of(module));
        while (!todo.isEmpty()) {
            String m = todo.remove(0);
            if (!seen.add(m)) {
                continue;
            }
            for (Element dependency : children(pom(m + "/pom.xml").getDocumentElement(), "dependencies", "dependency")) {
                String artifact = text(dependency, "artifactId");
                if (modules.contains(artifact)) {
                    todo.add(artifact);
                }
            }
        }
        return seen;
    }

    private static String shadedJarName(String module) {
        NodeList outputs = pom(module + "/pom.xml").getElementsByTagName("outputFile");
        assertEquals(1, outputs.getLength(), module + " shades one jar");
        String output = outputs.item(0).getTextContent().strip();
        return output.substring(output.lastIndexOf('/') + 1);
    }

    private static List<Element> children(Element parent, String... path) {
        List<Element> level = List.of(parent);
        for (String name : path) {
            List<Element> next = new ArrayList<>();
            for (Element e : level) {
                for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element child && child.getTagName().equals(name)) {
                        next.add(child);
                    }
                }
            }
            level = next;
        }
        return level;
    }

    private static String text(Element parent, String child) {
        List<Element> found = children(parent, child);
        return found.isEmpty() ? "" : found.get(0).getTextContent().strip();
    }

    private static Document pom(String relative) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(RepoFiles.text(relative))));
        } catch (IOException | javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new AssertionError("cannot read " + relative + ": " + e.getMessage(), e);
        }
    }
}
