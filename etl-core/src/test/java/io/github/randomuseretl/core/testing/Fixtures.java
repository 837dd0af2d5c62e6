package io.github.randomuseretl.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The recorded randomuser.me responses in the repository's {@code testdata/randomuser/} (see its README).
 * Found by walking up from the working directory to the checkout's root, or from the system property
 * {@code etl.fixtures.dir}; missing fixtures fail the test with a line saying where they were looked for.
 */
public final class Fixtures {

    /** System property that overrides where the fixtures are. */
    public static final String PROPERTY = "etl.fixtures.dir";

    private static Path dir;

    private Fixtures() {
    }

    /** @return the folder holding {@code v1.0}, {@code v1.3}, {@code v1.4} */
    public static synchronized Path randomUserDir() {
        if (dir == null) {
            dir = find();
        }
        return dir;
    }

    /**
     * @param relative e.g. {@code v1.4/seed-bulk-results-5000.json}
     * @return the file's path
     */
    public static Path randomUser(String relative) {
        Path p = randomUserDir().resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("fixture " + relative + " not found in " + randomUserDir());
        }
        return p;
    }

    /**
     * @param relative e.g. {@code v1.4/seed-single-results-1.json}
     * @return the file's bytes
     */
    public static byte[] randomUserBytes(String relative) {
        try {
            return Files.readAllBytes(randomUser(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path find() {
        String override = System.getProperty(PROPERTY);
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            if (Files.isDirectory(p.resolve("v1.4"))) {
                return p;
            }
            throw new IllegalStateException(PROPERTY + "=" + override + " does not hold the randomuser fixtures (no v1.4 folder)");
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            Path candidate = p.resolve("testdata/randomuser");
            if (Files.isDirectory(candidate.resolve("v1.4"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("randomuser fixtures not found: run from inside the checkout (they are in testdata/randomuser) "
                + "or set -D" + PROPERTY + "=/path/to/testdata/randomuser (searched up from " + start + ")");
    }
}
