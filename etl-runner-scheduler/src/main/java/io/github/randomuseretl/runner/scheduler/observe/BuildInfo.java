package io.github.randomuseretl.runner.scheduler.observe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What Maven wrote into the jar at build time: the version, and the commit when the build was told it
 * ({@code -Detl.build.commit=...}; the image build passes its {@code VCS_REF} argument).
 *
 * @param version the project's version, or {@code unknown} outside a packaged build
 * @param commit  the commit, or {@code unknown}
 */
public record BuildInfo(String version, String commit) {

    private static final String RESOURCE = "/randomuser-etl-version.properties";
    private static final String UNKNOWN = "unknown";

    /** Checks presence; blank means unknown. */
    public BuildInfo {
        version = known(version);
        commit = known(commit);
    }

    /** @return the build info of the running jar */
    public static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new BuildInfo(p.getProperty("version"), p.getProperty("commit"));
    }

    private static String known(String value) {
        // An unfiltered placeholder (a build from an IDE) counts as unknown too.
        return value == null || value.isBlank() || value.contains("${") ? UNKNOWN : value.strip();
    }
}
