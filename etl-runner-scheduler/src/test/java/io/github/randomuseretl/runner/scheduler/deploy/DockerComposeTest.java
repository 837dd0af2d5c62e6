package io.github.randomuseretl.runner.scheduler.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.runner.scheduler.wiring.KnownSettings;
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
 * order, the image build, the runner's settings as compose hands them over (env_file and environment),
 * health checks, ports bound to loopback, Grafana's mounts and read-only role, Prometheus' scrape.
 * Reads the checkout's docker-compose.yml, Dockerfile, .env.example, deploy/ and docs/grafana.
 */
class DockerComposeTest {

    /** The services whose container is the runner (built from the Dockerfile). */
    private static final List<String> RUNNER_SERVICES = List.of("migrate", "scheduler");
    /**
     * The runner's settings docker-compose.yml sets itself, because they wire the containers together
     * (the postgres service's database and login, the port the health check and Prometheus use); every
     * other {@code ETL_*} name reaches the runner from .env.
     */
    private static final Set<String> SET_BY_COMPOSE = Set.of("ETL_DB_URL", "ETL_DB_USER", "ETL_DB_PASSWORD", "ETL_HTTP_PORT");

    private final JsonNode compose = RepoFiles.yaml("docker-compose.yml");
    private final JsonNode services = compose.path("services");
    private final Dockerfile dockerfile = Dockerfile.parse(RepoFiles.text("Dockerfile"));
    private final Map<String, String> envExample = dotEnv(RepoFiles.text(".env.example"));
    /** The ETL_* names .env.example mentions, set or commented out. */
    private final Set<String> envExampleEtlNames = etlNamesMentioned(RepoFiles.text(".env.example"));

    @Test
    void definesPostgresTheMigrationTheSchedulerPrometheusAndGrafana() {
        for (String name : List.of("postgres", "migrate", "scheduler", "prometheus", "grafana-reader", "grafana")) {
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
        assertEquals(services.path("migrate").path("env_file"), services.path("scheduler").path("env_file"),
                "migrate and scheduler read the same .env");
    }

    @Test
    void theSchedulerRestartsAndIsGivenMoreTimeToStopThanItGivesTheRunInFlight() {
        JsonNode scheduler = services.path("scheduler");
        assertEquals("unless-stopped", scheduler.path("restart").asString(""));
        String period = scheduler.path("stop_grace_period").asString("");
        assertFalse(period.isEmpty(), "scheduler needs stop_grace_period: Docker's default 10s kills the run in flight before ETL_SHUTDOWN_GRACE");
        for (Map<String, String> dotEnv : List.of(Map.<String, String>of(), envExample)) {
            Duration grace = runnerConfig(composeEnv(dotEnv)).runner().shutdownGrace();
            assertTrue(ComposeValues.duration(period).compareTo(grace) > 0,
                    "stop_grace_period " + period + " must be longer than ETL_SHUTDOWN_GRACE " + grace + (dotEnv.isEmpty() ? "" : " of .env.example"));
        }
    }

    @Test
    void everyEtlNameGivenToTheRunnerIsASettingItReads() {
        Map<String, String> env = composeEnv(envExample);
        Settings settings = Settings.of(env);
        SchedulerConfig.from(settings);
        Set<String> known = RunnerSettingNames.all();
        Set<String> names = new TreeSet<>();
        for (String service : RUNNER_SERVICES) {
            names.addAll(names(services.path(service).path("environment")));
        }
        names.addAll(envExampleEtlNames);
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
    void everyEtlNameInDotEnvReachesTheRunnerServicesExceptTheFourComposeWires() {
        for (String service : RUNNER_SERVICES) {
            Set<String> setHere = new TreeSet<>(names(services.path(service).path("environment")));
            assertEquals(new TreeSet<>(SET_BY_COMPOSE), setHere, service + "'s environment sets exactly the names that wire the containers;"
                    + " every other setting comes from .env through env_file");
            // A .env that sets every setting the runner reads, each to its own value.
            Map<String, String> dotEnv = new TreeMap<>();
            RunnerSettingNames.all().forEach(name -> dotEnv.put(name, "from-dotenv-" + name));
            Map<String, String> seen = runnerEnv(services.path(service), dotEnv);
            for (String name : RunnerSettingNames.all()) {
                if (!SET_BY_COMPOSE.contains(name)) {
                    assertEquals(dotEnv.get(name), seen.get(name), name + " set in .env does not reach the " + service + " container");
                }
            }
        }
        for (String name : SET_BY_COMPOSE) {
            assertFalse(envExampleEtlNames.contains(name), ".env.example offers " + name + ", which docker-compose.yml overrides: "
                    + "it would be ignored");
        }
    }

    @Test
    void everyPublishedPortListensOnLoopbackUnlessBindAddressSaysOtherwise() {
        int published = 0;
        for (String name : names(services)) {
            for (JsonNode port : services.path(name).path("ports")) {
                published++;
                String mapping = port.asString();
                String byDefault = ComposeValues.interpolate(mapping, Map.of());
                assertTrue(byDefault.startsWith("127.0.0.1:"), name + " publishes " + mapping + " on every interface by default: " + byDefault);
                assertTrue(ComposeValues.interpolate(mapping, envExample).startsWith(envExample.get("BIND_ADDRESS") + ":"),
                        name + " ignores BIND_ADDRESS: " + mapping);
                assertEquals("127.0.0.1", envExample.get("BIND_ADDRESS"), ".env.example keeps the ports on loopback");
                assertTrue(ComposeValues.interpolate(mapping, Map.of("BIND_ADDRESS", "0.0.0.0")).startsWith("0.0.0.0:"), name + ": " + mapping);
            }
        }
        assertTrue(published >= 4, "postgres, scheduler, prometheus and grafana publish a port each: " + published);
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
        Set<String> composeOnly = new TreeSet<>(envExample.keySet());
        composeOnly.removeIf(n -> n.startsWith("ETL_"));
        assertEquals(new TreeSet<>(referenced.keySet()), composeOnly,
                ".env.example's non-ETL_ names and docker-compose.yml's variables must be the same (one set in .env and not read does nothing)");
        referenced.forEach((name, fallback) -> assertEquals(fallback == null ? "" : fallback, envExample.get(name),
                ".env.example's " + name + " differs from the default in docker-compose.yml"));
    }

    @Test
    void theImageChecksLivenessRunsAsAnOrdinaryUserAndServesOnTheComposePort() {
        int last = dockerfile.finalStage();
        List<Dockerfile.Instruction> health = dockerfile.inStage(last, "HEALTHCHECK");
        assertEquals(1, health.size(), "the runtime stage has one HEALTHCHECK");
        // Readiness fails while the source or database is down; a container restarted for that gains nothing.
        assertTrue(health.get(0).args().contains("/health/live"), "the health check asks /health/live: " + health.get(0).args());
        assertFalse(health.get(0).args().contains("/health/ready"), "the health check must not ask /health/ready: " + health.get(0).args());
        List<Dockerfile.Instruction> users = dockerfile.inStage(last, "USER");
        assertFalse(users.isEmpty(), "the runtime stage sets a USER");
        String user = users.get(users.size() - 1).args().split(":")[0];
        assertFalse(user.equals("root") || user.equals("0"), "the runtime stage runs as root: USER " + user);

        String port = composeEnv(Map.of()).get("ETL_HTTP_PORT");
        JsonNode ports = services.path("scheduler").path("ports");
        assertEquals(1, ports.size(), "scheduler publishes one port");
        String mapping = ComposeValues.interpolate(ports.get(0).asString(), envExample);
        String containerPort = mapping.substring(mapping.lastIndexOf(':') + 1).replace("/tcp", "");
        assertEquals(port, containerPort, "scheduler publishes " + mapping + " but the runner listens on ETL_HTTP_PORT " + port);
        assertTrue(dockerfile.inStage(last, "EXPOSE").stream().anyMatch(i -> i.words().contains(port)), "the image EXPOSEs " + port);
        assertTrue(dockerfile.inStage(last, "ENV").stream().anyMatch(i -> i.args().contains("ETL_HTTP_PORT=" + port)),
                "the image's ETL_HTTP_PORT (read by its HEALTHCHECK) is " + port);
        assertTrue(services.path("migrate").path("ports").isMissingNode(), "migrate serves nothing");
    }

    @Test
    void theImageCarriesOciLabelsWithThePomsVersionAndTheCommitItWasBuiltFrom() {
        int last = dockerfile.finalStage();
        String labels = String.join(" ", dockerfile.inStage(last, "LABEL").stream().map(Dockerfile.Instruction::args).toList());
        for (String key : List.of("title", "description", "version", "revision")) {
            assertTrue(labels.contains("org.opencontainers.image." + key + "="), "the image has no OCI label org.opencontainers.image." + key);
        }
        String version = pom("pom.xml").getDocumentElement().getElementsByTagName("version").item(0).getTextContent().strip();
        assertTrue(dockerfile.inStage(last, "ARG").stream().anyMatch(a -> a.args().equals("VERSION=" + version)),
                "the runtime stage's ARG VERSION defaults to the pom's version " + version);
        // The commit reaches the label and the jar's build info from one build argument, which compose passes on.
        assertTrue(labels.contains("org.opencontainers.image.revision=\"${VCS_REF}\""), labels);
        String build = dockerfile.all("RUN").stream().map(Dockerfile.Instruction::args).filter(a -> a.contains("mvnw")).findFirst().orElseThrow();
        assertTrue(build.contains("-Detl.build.commit=\"${VCS_REF}\""), "the jar is built with the commit: " + build);
        for (String service : RUNNER_SERVICES) {
            assertEquals("${VCS_REF:-}", services.path(service).path("build").path("args").path("VCS_REF").asString(""), service);
        }
    }

    @Test
    void prometheusScrapesTheSchedulerAndLoadsTheShippedAlertRules() {
        JsonNode prometheus = services.path("prometheus");
        Map<String, String> mounts = new LinkedHashMap<>();
        for (JsonNode volume : prometheus.path("volumes")) {
            String[] parts = volume.asString().split(":");
            if (parts[0].startsWith("./")) {
                assertTrue(Files.isRegularFile(RepoFiles.root().resolve(parts[0]).normalize()), parts[0] + " does not exist");
                mounts.put(parts[1], parts[0].substring(2));
            }
        }
        String configFile = mounts.get("/etc/prometheus/prometheus.yml");
        assertEquals("deploy/prometheus/prometheus.yml", configFile, "Prometheus reads the shipped scrape config");
        assertTrue(strings(prometheus.path("command")).contains("--config.file=/etc/prometheus/prometheus.yml"), "prometheus's command names its config");
        JsonNode config = RepoFiles.yaml(configFile);
        for (JsonNode ruleFile : config.path("rule_files")) {
            String inContainer = ruleFile.asString().startsWith("/") ? ruleFile.asString() : "/etc/prometheus/" + ruleFile.asString();
            assertEquals("deploy/prometheus/alerts.yml", mounts.get(inContainer), "the rule file " + ruleFile + " is mounted from deploy/prometheus");
        }
        assertEquals(1, config.path("rule_files").size(), "one rule file: " + config.path("rule_files"));
        String port = composeEnv(envExample).get("ETL_HTTP_PORT");
        List<String> targets = new ArrayList<>();
        for (JsonNode job : config.path("scrape_configs")) {
            assertEquals("/metrics", job.path("metrics_path").asString("/metrics"), "the scheduler serves /metrics");
            job.path("static_configs").forEach(c -> c.path("targets").forEach(t -> targets.add(t.asString())));
        }
        assertEquals(List.of("scheduler:" + port), targets, "Prometheus scrapes the scheduler service on ETL_HTTP_PORT");
    }

    @Test
    void grafanaReadsAsARoleThatIsNotTheSchemaOwnerMadeByTheReaderScript() {
        for (Map<String, String> dotEnv : List.of(Map.<String, String>of(), envExample)) {
            Map<String, String> grafana = environment(services.path("grafana"), dotEnv);
            Map<String, String> reader = environment(services.path("grafana-reader"), dotEnv);
            Map<String, String> postgres = environment(services.path("postgres"), dotEnv);
            Map<String, String> runner = composeEnv(dotEnv);
            // The owner is the role the runner migrates as: the schema's owner.
            assertEquals(runner.get("ETL_DB_USER"), reader.get("SCHEMA_OWNER"), "the reader script grants on what the runner's role owns");
            assertEquals(postgres.get("POSTGRES_USER"), reader.get("PGUSER"), "the reader script logs in as the owner");
            assertEquals(grafana.get("GRAFANA_DB_USER"), reader.get("GRAFANA_DB_USER"), "Grafana logs in as the role the script makes");
            assertEquals(grafana.get("GRAFANA_DB_PASSWORD"), reader.get("GRAFANA_DB_PASSWORD"), "with the password the script sets");
            assertFalse(grafana.get("GRAFANA_DB_USER").equals(runner.get("ETL_DB_USER")), "Grafana must not read as the schema owner");
            assertFalse(grafana.get("GRAFANA_DB_PASSWORD").equals(postgres.get("POSTGRES_PASSWORD")), "Grafana does not get the owner's password");
        }
        JsonNode reader = services.path("grafana-reader");
        assertEquals("postgres:16", reader.path("image").asString(), "the script runs with the postgres image's psql (15 or later: \\getenv)");
        List<String> command = strings(reader.path("command"));
        String script = command.get(command.indexOf("-f") + 1);
        String mount = reader.path("volumes").get(0).asString();
        String[] parts = mount.split(":");
        assertTrue(script.startsWith(parts[1] + "/"), "the script " + script + " is in the mounted folder " + mount);
        Path local = RepoFiles.root().resolve(parts[0]).resolve(script.substring(parts[1].length() + 1)).normalize();
        assertTrue(Files.isRegularFile(local), local + " does not exist");
        assertTrue(command.contains("ON_ERROR_STOP=1"), "a failing statement fails the service, and Grafana does not start");
        assertDependsOn("grafana-reader", "postgres", "service_healthy");
        assertDependsOn("grafana", "grafana-reader", "service_completed_successfully");
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
        assertEquals(grafanaEnv.get("GRAFANA_DB_USER"), ComposeValues.interpolate(datasource.path("user").asString(), grafanaEnv));
        assertEquals(grafanaEnv.get("GRAFANA_DB_PASSWORD"),
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
        return runnerEnv(services.path("scheduler"), dotEnv);
    }

    /**
     * A container's environment as compose builds it: what its env_file holds (.env, when it exists),
     * then its environment on top.
     *
     * @param dotEnv the .env file; empty as when there is none
     */
    private static Map<String, String> runnerEnv(JsonNode service, Map<String, String> dotEnv) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode envFiles = service.path("env_file");
        assertTrue(envFiles.isArray() && envFiles.size() == 1, "the runner reads one env_file, .env: " + envFiles);
        JsonNode envFile = envFiles.get(0);
        assertEquals(".env", envFile.path("path").asString(""), "the runner's env_file is .env: " + envFile);
        // .env is optional (copying .env.example is): without required: false compose refuses to start.
        assertEquals("false", envFile.path("required").asString(""), ".env must be optional: " + envFile);
        out.putAll(dotEnv);
        out.putAll(environment(service, dotEnv));
        return out;
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

    private static Set<String> etlNamesMentioned(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\s*#?\\s*(ETL_[A-Z0-9_]+)=").matcher(text);
        while (m.find()) {
            out.add(m.group(1));
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
