package io.github.randomuseretl.runner.scheduler.deploy;

import io.github.randomuseretl.runner.scheduler.wiring.KnownSettings;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one place the deployment tests learn which {@code ETL_*} names the scheduler reads, so that
 * compose, Kubernetes and Airflow files can be checked against it: the descriptors of
 * {@link KnownSettings#CATALOG}, with a secret's file form ({@code ETL_DB_PASSWORD_FILE}).
 */
final class RunnerSettingNames {

    private RunnerSettingNames() {
    }

    /** @return every environment variable the scheduler jar reads */
    static Set<String> all() {
        Set<String> names = new TreeSet<>();
        KnownSettings.CATALOG.all().forEach(s -> {
            names.add(s.name());
            s.fileName().ifPresent(names::add);
        });
        return names;
    }
}
