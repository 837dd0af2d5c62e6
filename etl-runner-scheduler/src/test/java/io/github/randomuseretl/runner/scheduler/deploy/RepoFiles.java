package io.github.randomuseretl.runner.scheduler.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checkout's deployment files (docker-compose.yml, Dockerfile, docs/grafana), found by walking up
 * from the working directory as the core's {@code Fixtures} does, so the tests read the very files
 * {@code docker compose up} uses rather than copies.
 */
public final class RepoFiles {

    private static Path root;

    private RepoFiles() {
    }

    /** @return the checkout's root: the folder holding docker-compose.yml and the parent pom */
    public static synchronized Path root() {
        if (root == null) {
            Path start = Path.of("").toAbsolutePath();
            for (Path p = start; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("docker-compose.yml")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                    root = p;
                    return root;
                }
            }
            throw new IllegalStateException("no docker-compose.yml beside a pom.xml in " + start + " or above");
        }
        return root;
    }

    /**
     * @param relative e.g. {@code docs/grafana/dashboards/randomuser-etl.json}
     * @return the path, which exists
     */
    public static Path path(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException(relative + " not found in " + root());
        }
        return p;
    }

    public static String text(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String relative) {
        return JsonMapper.builder().build().readTree(text(relative));
    }

    public static JsonNode yaml(String relative) {
        return Yaml.read(text(relative));
    }
}
