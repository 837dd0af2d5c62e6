package io.github.randomuseretl.runner.scheduler.deploy;

import io.github.randomuseretl.runner.scheduler.config.KnownSettings;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one place the deployment tests learn which {@code ETL_*} names the scheduler reads, so that
 * compose, Kubernetes and Airflow files can be checked against it. Today that is {@link KnownSettings};
 * when settings become descriptors, only this method changes.
 */
final class RunnerSettingNames {

    private RunnerSettingNames() {
    }

    /** @return every environment variable the scheduler jar reads */
    static Set<String> all() {
        Set<String> names = new TreeSet<>();
        KnownSettings.ALL.forEach(s -> names.add(s.name()));
        return names;
    }
}
