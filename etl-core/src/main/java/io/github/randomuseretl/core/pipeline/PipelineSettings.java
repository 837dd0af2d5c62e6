package io.github.randomuseretl.core.pipeline;

import io.github.randomuseretl.core.config.Settings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The pipeline's own settings, read the same way by every runner.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code ETL_PIPELINE_NAME}</td><td>{@code randomuser}</td><td>scope of slots in the ledger</td></tr>
 *   <tr><td>{@code ETL_RUN_TIMEOUT}</td><td>{@code 50s}</td><td>deadline of a run after its start (1s to 1h)</td></tr>
 *   <tr><td>{@code ETL_MAX_REJECT_RATIO}</td><td>unset (no gate)</td><td>largest share of rejected records, 0 to 1</td></tr>
 *   <tr><td>{@code ETL_VALIDATION_THREADS}</td><td>the number of processors</td><td>threads validating records
 *       while the source fetches, 1 to 64 (1: on the fetching thread)</td></tr>
 * </table>
 *
 * @param pipelineName the pipeline's name
 * @param runTimeout   how long a run may take
 * @param qualityGate       the gate, if any
 * @param validationThreads threads validating records while the source fetches
 */
public record PipelineSettings(String pipelineName, Duration runTimeout, Optional<QualityGate> qualityGate,
        int validationThreads) {

    /** The most validation threads allowed. */
    public static final int MAX_VALIDATION_THREADS = 64;

    /** Defaults: {@code randomuser}, 50 s, no gate, one validation thread per processor. */
    public static final PipelineSettings DEFAULTS = new PipelineSettings("randomuser", Duration.ofSeconds(50), Optional.empty(),
            Math.min(MAX_VALIDATION_THREADS, Runtime.getRuntime().availableProcessors()));

    /** Checks presence. */
    public PipelineSettings {
        Objects.requireNonNull(pipelineName, "pipelineName");
        Objects.requireNonNull(runTimeout, "runTimeout");
        Objects.requireNonNull(qualityGate, "qualityGate");
        if (validationThreads < 1 || validationThreads > MAX_VALIDATION_THREADS) {
            throw new IllegalArgumentException("validationThreads must be from 1 to " + MAX_VALIDATION_THREADS);
        }
    }

    /**
     * Reads and checks the settings.
     *
     * @param settings the settings
     * @return the pipeline settings
     * @throws io.github.randomuseretl.core.config.InvalidSettingException naming a wrong setting
     */
    public static PipelineSettings from(Settings settings) {
        String name = settings.parsed("ETL_PIPELINE_NAME", "1 to 63 letters, digits, '-' or '_'", text -> {
            if (!text.matches("[A-Za-z0-9_-]{1,63}")) {
                throw new IllegalArgumentException(text);
            }
            return text;
        }).orElse(DEFAULTS.pipelineName());
        Duration timeout = settings.duration("ETL_RUN_TIMEOUT", DEFAULTS.runTimeout(), Duration.ofSeconds(1), Duration.ofHours(1));
        Optional<QualityGate> gate = settings.ratio("ETL_MAX_REJECT_RATIO").map(QualityGate::new);
        int threads = settings.integer("ETL_VALIDATION_THREADS", DEFAULTS.validationThreads(), 1, MAX_VALIDATION_THREADS);
        return new PipelineSettings(name, timeout, gate, threads);
    }
}
