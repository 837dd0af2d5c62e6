package io.github.randomuseretl.runner.scheduler.wiring;

import io.github.randomuseretl.adapter.postgres.PostgresQuarantineReplay;
import io.github.randomuseretl.adapter.postgres.PostgresUserSink;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.pipeline.PipelineSettings;
import io.github.randomuseretl.core.pipeline.RunListener;
import io.github.randomuseretl.core.port.UserValidator;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds the pipeline of one quarantine replay: the PostgreSQL quarantine as both its source and its
 * sink, under the pipeline name {@code <ETL_PIPELINE_NAME>-replay}, so a replay never takes a scheduled slot.
 */
public final class QuarantineReplays {

    private final PostgresUserSink sink;
    private final UserValidator validator;
    private final PipelineSettings settings;
    private final Clock clock;
    private final List<RunListener> listeners;

    QuarantineReplays(PostgresUserSink sink, UserValidator validator, PipelineSettings settings, Clock clock, List<RunListener> listeners) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listeners = List.copyOf(listeners);
    }

    /**
     * @param limit   the most records to replay in one run
     * @param fromRun only the records this run rejected, or {@code null} for all
     * @return the replay's pipeline, without a quality gate: records still rejected simply stay
     */
    public EtlPipeline pipeline(int limit, UUID fromRun) {
        PostgresQuarantineReplay replay = new PostgresQuarantineReplay(sink, limit, fromRun);
        EtlPipeline.Builder b = EtlPipeline.builder()
                .name(settings.pipelineName() + "-replay")
                .runTimeout(settings.runTimeout())
                .source(replay)
                .validator(validator)
                .sink(replay)
                .clock(clock);
        listeners.forEach(b::listener);
        return b.build();
    }
}
