package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.runner.scheduler.observe.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** The version and commit Maven wrote into the jar at build time. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        BuildInfo build = BuildInfo.current();
        return new String[] {"randomuser-etl " + build.version(), "commit " + build.commit(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
