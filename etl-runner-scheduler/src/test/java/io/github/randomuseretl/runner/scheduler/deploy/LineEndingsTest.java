package io.github.randomuseretl.runner.scheduler.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.testing.ExternalTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Scripts keep LF, whatever the platform of the checkout: every file that starts with {@code #!} has no
 * CR, and .gitattributes gives it (and the container files) {@code eol=lf}; the recorded responses in
 * testdata/ are never converted ({@code -text}). The attributes are asked of git itself.
 */
class LineEndingsTest {

    private static final Set<String> SKIP = Set.of(".git", "target", "node_modules", "testdata");

    @Test
    void everyScriptInTheCheckoutHasLfLineEndings() {
        List<String> scripts = scripts();
        assertTrue(scripts.contains("mvnw") && scripts.contains(".ci/run"), "the scripts found: " + scripts);
        for (String script : scripts) {
            assertFalse(RepoFiles.text(script).contains("\r"), script + " has CR line endings: it fails in a Linux shell");
        }
    }

    @Test
    void gitAttributesKeepScriptsAndContainerFilesAtLfAndTestdataByteExact() {
        Assumptions.assumeTrue(Files.exists(RepoFiles.root().resolve(".git")), "not a git checkout");
        List<String> lf = new ArrayList<>(scripts());
        lf.addAll(List.of("Dockerfile", "docker-compose.yml", "deploy/postgres/grafana-reader.psql", "deploy/airflow/randomuser_etl_dag.py",
                "deploy/kubernetes/deployment.yaml", "deploy/prometheus/alerts.yml"));
        for (String file : lf) {
            assertEquals("lf", attribute("eol", file), file + " must be checked out with LF (.gitattributes eol=lf)");
        }
        try (Stream<Path> files = Files.walk(RepoFiles.path("testdata"))) {
            for (Path p : files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json")).limit(5).toList()) {
                String relative = RepoFiles.root().relativize(p).toString();
                assertEquals("unset", attribute("text", relative), relative + " must be -text: the recorded responses stay byte-exact");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String attribute(String name, String file) {
        ExternalTool.Result r = ExternalTool.run(List.of("git", "check-attr", name, "--", file), RepoFiles.root(), Map.of(), Duration.ofSeconds(30));
        Assumptions.assumeTrue(r.exitCode() == 0, "git check-attr failed: " + r.output());
        // "<file>: <attribute>: <value>"
        String line = r.output().strip();
        return line.substring(line.lastIndexOf(": ") + 2);
    }

    /** @return the checkout's files that start with a shebang, relative to its root */
    private static List<String> scripts() {
        Path root = RepoFiles.root();
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .filter(p -> root.relativize(p).toString().split("/").length > 0
                            && Stream.of(root.relativize(p).toString().split("/")).noneMatch(SKIP::contains))
                    .filter(LineEndingsTest::hasShebang)
                    .forEach(p -> out.add(root.relativize(p).toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static boolean hasShebang(Path p) {
        try (var in = Files.newInputStream(p)) {
            byte[] head = in.readNBytes(2);
            return new String(head, StandardCharsets.ISO_8859_1).equals("#!");
        } catch (IOException e) {
            return false;
        }
    }
}
