package io.github.randomuseretl.core.testing;

import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.port.RunLoad;
import io.github.randomuseretl.core.port.SinkException;
import io.github.randomuseretl.core.port.SlotClaim;
import io.github.randomuseretl.core.port.UserSink;
import io.github.randomuseretl.core.run.LoadCounts;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunRequest;
import io.github.randomuseretl.core.run.RunStatus;
import io.github.randomuseretl.core.run.StageDurations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * An in-memory sink with the same contract as the real one: one succeeded run per slot, one live run
 * per slot, a load and its outcome applied together or not at all, exact counts.
 */
public final class InMemoryUserSink implements UserSink {

    private final Map<UUID, User> users = new LinkedHashMap<>();
    private final List<Validation.Rejected> quarantine = new ArrayList<>();
    private final Map<UUID, RunReport> runs = new LinkedHashMap<>();

    @Override
    public synchronized SlotClaim claim(RunRequest request) {
        int attempts = 0;
        for (Map.Entry<UUID, RunReport> e : runs.entrySet()) {
            RunReport r = e.getValue();
            if (r.pipeline().equals(request.pipeline()) && r.slot().equals(request.slot())) {
                attempts++;
                if (r.status() == RunStatus.SUCCEEDED) {
                    return new SlotClaim.AlreadySucceeded(r);
                }
                if (r.status() == RunStatus.RUNNING) {
                    return new SlotClaim.Busy(e.getKey());
                }
            }
        }
        UUID id = UUID.randomUUID();
        runs.put(id, new RunReport(id, request.pipeline(), request.slot(), request.trigger(), attempts + 1,
                RunStatus.RUNNING, 0, LoadCounts.NONE, StageDurations.ZERO, request.startedAt(), request.startedAt(), null));
        return new SlotClaim.Claimed(id, attempts + 1, new Load(id));
    }

    /** Buffers until the commit, which applies everything under the sink's lock. */
    private final class Load implements RunLoad {
        private final UUID runId;
        private final List<User> staged = new ArrayList<>();
        private final List<Validation.Rejected> rejected = new ArrayList<>();

        Load(UUID runId) {
            this.runId = runId;
        }

        @Override
        public void stage(User user) {
            staged.add(Objects.requireNonNull(user, "user"));
        }

        @Override
        public void quarantine(Validation.Rejected rejection) {
            rejected.add(Objects.requireNonNull(rejection, "rejection"));
        }

        @Override
        public RunReport commit(Function<LoadCounts, RunReport> outcome) {
            return write(staged, outcome);
        }

        @Override
        public RunReport commitRejectionsOnly(Function<LoadCounts, RunReport> outcome) {
            return write(List.of(), outcome);
        }

        private RunReport write(List<User> batch, Function<LoadCounts, RunReport> outcome) {
            synchronized (InMemoryUserSink.this) {
                requireRunning(runId);
                long inserted = 0;
                long updated = 0;
                long unchanged = 0;
                for (User u : batch) {
                    User before = users.get(u.uuid());
                    if (before == null) {
                        inserted++;
                    } else if (before.equals(u)) {
                        unchanged++;
                    } else {
                        updated++;
                    }
                }
                RunReport report = outcome.apply(new LoadCounts(inserted, updated, unchanged, rejected.size()));
                batch.forEach(u -> users.put(u.uuid(), u));
                quarantine.addAll(rejected);
                runs.put(runId, report);
                return report;
            }
        }

        @Override
        public void fail(RunReport report) {
            synchronized (InMemoryUserSink.this) {
                requireRunning(report.runId());
                runs.put(report.runId(), report);
            }
        }

        @Override
        public void close() {
            staged.clear();
            rejected.clear();
        }
    }

    private void requireRunning(UUID runId) {
        RunReport current = runs.get(runId);
        if (current == null || current.status() != RunStatus.RUNNING) {
            throw new SinkException("run " + runId + " is not running; nothing was written");
        }
    }

    /** @return the users stored, by uuid */
    public synchronized Map<UUID, User> users() {
        return Map.copyOf(users);
    }

    /** @return every rejection stored */
    public synchronized List<Validation.Rejected> quarantine() {
        return List.copyOf(quarantine);
    }

    /**
     * @param slot a slot
     * @return every run recorded for it, oldest first
     */
    public synchronized List<RunReport> runsFor(Slot slot) {
        return runs.values().stream().filter(r -> Objects.equals(r.slot(), slot)).toList();
    }
}
