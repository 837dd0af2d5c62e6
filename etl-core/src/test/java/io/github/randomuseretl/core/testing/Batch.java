package io.github.randomuseretl.core.testing;

import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.port.RunLoad;
import io.github.randomuseretl.core.run.LoadCounts;
import io.github.randomuseretl.core.run.RunReport;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The users and rejections of one run, for tests that drive a sink's {@link RunLoad} directly.
 *
 * @param users      accepted users, each uuid at most once
 * @param rejections rejected records, each with its reasons
 */
public record Batch(List<User> users, List<Validation.Rejected> rejections) {

    /** Copies both lists. */
    public Batch {
        users = List.copyOf(Objects.requireNonNull(users, "users"));
        rejections = List.copyOf(Objects.requireNonNull(rejections, "rejections"));
    }

    /**
     * Stages every user and rejection, in that order, and commits.
     *
     * @param load    the open load of a claimed run
     * @param outcome the outcome, as {@link RunLoad#commit} takes it
     * @return the report as recorded
     */
    public RunReport writeTo(RunLoad load, Function<LoadCounts, RunReport> outcome) {
        stageInto(load);
        return load.commit(outcome);
    }

    /**
     * Stages every user and rejection, in that order, without ending the load.
     *
     * @param load the open load of a claimed run
     */
    public void stageInto(RunLoad load) {
        users.forEach(load::stage);
        rejections.forEach(load::quarantine);
    }
}
