package io.github.randomuseretl.core.pipeline;

import io.github.randomuseretl.core.config.Setting;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.config.Use;
import io.github.randomuseretl.core.run.SourceBudget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The pipeline's own settings, read the same way by every runner. Each is described once, in
 * {@link #SETTINGS}.
 *
 * @param pipelineName the pipeline's name
 * @param runTimeout   how long a run may take
 * @param qualityGate       the gate, if any
 * @param validationThreads threads validating records while the source fetches
 * @param sourceBudget      the users the source allows per window, enforced when runs claim their slots
 */
public record PipelineSettings(String pipelineName, Duration runTimeout, Optional<QualityGate> qualityGate,
        int validationThreads, SourceBudget sourceBudget) {

    /** The most validation threads allowed. */
    public static final int MAX_VALIDATION_THREADS = 64;

    /** {@code ETL_PIPELINE_NAME}. */
    public static final Setting<String> PIPELINE_NAME = Setting.named("ETL_PIPELINE_NAME")
            .means("the pipeline's name: the scope of its slots in the ledger, so two pipelines can share a database")
            .usedFor(Use.RUN, Use.INSPECT)
            .parsed("randomuser", "randomuser", "1 to 63 letters, digits, '-' or '_'", text -> {
                if (!text.matches("[A-Za-z0-9_-]{1,63}")) {
                    throw new IllegalArgumentException(text);
                }
                return text;
            });

    /** {@code ETL_RUN_TIMEOUT}. */
    public static final Setting<Duration> RUN_TIMEOUT = Setting.named("ETL_RUN_TIMEOUT")
            .means("how long a run may take after it starts: its deadline")
            .usedFor(Use.RUN)
            .duration(Duration.ofSeconds(50), Duration.ofSeconds(1), Duration.ofHours(1));

    /** {@code ETL_MAX_REJECT_RATIO}. */
    public static final Setting<Optional<Double>> MAX_REJECT_RATIO = Setting.named("ETL_MAX_REJECT_RATIO")
            .means("the quality gate: the largest share of a batch's records that may be rejected before the whole "
                    + "batch fails and loads no user, its rejections kept")
            .usedFor(Use.RUN)
            .shownDefault("no gate")
            .ratio();

    /** {@code ETL_VALIDATION_THREADS}. */
    public static final Setting<Integer> VALIDATION_THREADS = Setting.named("ETL_VALIDATION_THREADS")
            .means("threads validating records while the source fetches (1: on the fetching thread)")
            .usedFor(Use.RUN)
            .shownDefault("one per processor")
            .integer(Math.min(MAX_VALIDATION_THREADS, Runtime.getRuntime().availableProcessors()), 1, MAX_VALIDATION_THREADS);

    /** {@code ETL_SOURCE_BUDGET}. */
    public static final Setting<SourceBudget> SOURCE_BUDGET = Setting.named("ETL_SOURCE_BUDGET")
            .means("the most users the source gives this pipeline per window, counted from the ledger across replicas; "
                    + "a run or catch-up that would ask for more waits (randomuser.me: 20000 per 5 minutes)")
            .usedFor(Use.RUN)
            .parsed(SourceBudget.RANDOMUSER, SourceBudget.RANDOMUSER.toString(), SourceBudget.EXPECTED, SourceBudget::parse);

    /** Every setting of the pipeline, in the order they are documented. */
    public static final List<Setting<?>> SETTINGS = List.of(PIPELINE_NAME, RUN_TIMEOUT, MAX_REJECT_RATIO, VALIDATION_THREADS,
            SOURCE_BUDGET);

    /** Defaults: {@code randomuser}, 50 s, no gate, one validation thread per processor, randomuser.me's budget. */
    public static final PipelineSettings DEFAULTS = from(Settings.of(Map.of()));

    /** Checks every value against its setting's range. */
    public PipelineSettings {
        pipelineName = PIPELINE_NAME.check(pipelineName);
        runTimeout = RUN_TIMEOUT.check(runTimeout);
        Objects.requireNonNull(qualityGate, "qualityGate");
        validationThreads = VALIDATION_THREADS.check(validationThreads);
        sourceBudget = SOURCE_BUDGET.check(sourceBudget);
    }

    /**
     * Reads and checks the settings.
     *
     * @param settings the settings
     * @return the pipeline settings
     * @throws io.github.randomuseretl.core.config.InvalidSettingException naming a wrong setting
     */
    public static PipelineSettings from(Settings settings) {
        return new PipelineSettings(PIPELINE_NAME.read(settings), RUN_TIMEOUT.read(settings),
                MAX_REJECT_RATIO.read(settings).map(QualityGate::new), VALIDATION_THREADS.read(settings),
                SOURCE_BUDGET.read(settings));
    }
}
