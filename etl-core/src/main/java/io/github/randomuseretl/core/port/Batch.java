package io.github.randomuseretl.core.port;

import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.model.Validation;
import java.util.List;
import java.util.Objects;

/**
 * The users and rejections of one run, written as one unit.
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
}
