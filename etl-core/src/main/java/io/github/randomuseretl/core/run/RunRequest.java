package io.github.randomuseretl.core.run;

import io.github.randomuseretl.core.model.Slot;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to run one batch, as the pipeline hands it to the sink when claiming the slot.
 *
 * @param pipeline   the pipeline's name; slots are exclusive per pipeline
 * @param slot       the minute the run is for
 * @param trigger    what started it
 * @param parameters the source's request parameters, recorded in the ledger (no secrets)
 * @param startedAt  when the run started
 * @param deadline   when the run must be over: its fetch gives up and every statement of its write is
 *                   cut off then
 * @param users      how many users the run asks the source for, recorded in the ledger and counted
 *                   against the budget (0 for a source without one, such as the quarantine)
 * @param budget     the source's budget the claim must respect, if any; ignored when {@code users} is 0
 * @param reload     true for a {@code rebuild --force} run: it may run a slot that already succeeded (its
 *                   success is then recorded as a reload), never one that is running
 */
public record RunRequest(
        String pipeline,
        Slot slot,
        Trigger trigger,
        Map<String, String> parameters,
        Instant startedAt,
        Instant deadline,
        long users,
        Optional<SourceBudget> budget,
        boolean reload) {

    /** Checks presence and order; copies the parameters. */
    public RunRequest {
        Objects.requireNonNull(pipeline, "pipeline");
        if (pipeline.isBlank()) {
            throw new IllegalArgumentException("pipeline must not be blank");
        }
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(trigger, "trigger");
        parameters = Map.copyOf(Objects.requireNonNull(parameters, "parameters"));
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(deadline, "deadline");
        if (!deadline.isAfter(startedAt)) {
            throw new IllegalArgumentException("deadline must be after startedAt");
        }
        if (users < 0) {
            throw new IllegalArgumentException("users must not be negative");
        }
        Objects.requireNonNull(budget, "budget");
        if (reload && trigger != Trigger.REBUILD) {
            throw new IllegalArgumentException("only a rebuild reloads a slot that already succeeded");
        }
    }

    /**
     * A request that is not a reload.
     *
     * @param pipeline   the pipeline's name
     * @param slot       the minute the run is for
     * @param trigger    what started it
     * @param parameters the source's request parameters
     * @param startedAt  when the run started
     * @param deadline   when the run must be over
     * @param users      users asked of the source
     * @param budget     the source's budget
     */
    public RunRequest(String pipeline, Slot slot, Trigger trigger, Map<String, String> parameters, Instant startedAt,
            Instant deadline, long users, Optional<SourceBudget> budget) {
        this(pipeline, slot, trigger, parameters, startedAt, deadline, users, budget, false);
    }

    /**
     * A request that asks the source for nothing budgeted.
     *
     * @param pipeline   the pipeline's name
     * @param slot       the minute the run is for
     * @param trigger    what started it
     * @param parameters the source's request parameters
     * @param startedAt  when the run started
     * @param deadline   when the run must be over
     */
    public RunRequest(String pipeline, Slot slot, Trigger trigger, Map<String, String> parameters, Instant startedAt,
            Instant deadline) {
        this(pipeline, slot, trigger, parameters, startedAt, deadline, 0, Optional.empty());
    }

    /**
     * @param requestedUsers how many users the run asks the source for
     * @param sourceBudget   the budget the claim must respect
     * @return this request with a cost and a budget
     */
    public RunRequest withBudget(long requestedUsers, SourceBudget sourceBudget) {
        return new RunRequest(pipeline, slot, trigger, parameters, startedAt, deadline, requestedUsers,
                Optional.of(Objects.requireNonNull(sourceBudget, "sourceBudget")), reload);
    }

    /** @return the budget to check: present only when the run asks the source for users and a budget is set */
    public Optional<SourceBudget> budgetToCheck() {
        return users > 0 ? budget : Optional.empty();
    }
}
