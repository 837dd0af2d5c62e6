package io.github.randomuseretl.runner.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.Trigger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Lambda entry point ({@code io.github.randomuseretl.runner.lambda.LambdaHandler::handleRequest}):
 * one invocation per EventBridge tick, one pipeline run for the tick's slot.
 *
 * <ul>
 *   <li>The slot is the minute of the <em>scheduled</em> time the event carries, so a duplicate or retried
 *       delivery of a tick claims the same slot, gets that slot's recorded report back and fetches
 *       nothing.</li>
 *   <li>The run's deadline is the invocation's remaining time less a safety margin, so fetching stops
 *       while there is still time to record the outcome; the sink writes a batch in one transaction, so
 *       nothing is ever half-written.</li>
 *   <li>A run that does not succeed throws, so the invocation fails and Lambda retries it.</li>
 *   <li>The response is the run's report as JSON.</li>
 * </ul>
 *
 * <p>The settings, the Guice injector, the compiled JSON Schema and the HTTP client are built once per
 * container (in the init phase, or before the SnapStart snapshot), never per invocation.
 * {@link RequestStreamHandler} is implemented instead of {@code RequestHandler<ScheduledEvent, ...>} so
 * the event is read with the project's one Jackson: the {@code ScheduledEvent} class needs Joda-Time and
 * the runtime's own Jackson 2 serializer, and would not carry a Scheduler payload anyway.
 */
public final class LambdaHandler implements RequestStreamHandler {

    /** Time kept back from the invocation's remaining time to record the run's outcome. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(LambdaHandler.class);

    private final EtlPipeline pipeline;
    private final Clock clock;
    private final Duration safetyMargin;
    private final TickEventParser parser;
    private final ReportJson reports;

    /** Called by the Lambda runtime once per container: builds (or reuses) the container's wiring. */
    public LambdaHandler() {
        this(LambdaContainer.instance().pipeline(), Clock.systemUTC(), SAFETY_MARGIN);
    }

    /**
     * @param pipeline     the pipeline to run
     * @param clock        the clock the deadline is computed with
     * @param safetyMargin time kept back from the invocation's remaining time
     */
    LambdaHandler(EtlPipeline pipeline, Clock clock, Duration safetyMargin) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.safetyMargin = Objects.requireNonNull(safetyMargin, "safetyMargin");
        JsonMapper mapper = JsonMapper.builder().build();
        this.parser = new TickEventParser(mapper);
        this.reports = new ReportJson(mapper);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ScheduledTick tick = parser.parse(input);
        Instant deadline = clock.instant().plusMillis(context.getRemainingTimeInMillis()).minus(safetyMargin);
        RunOutcome outcome = pipeline.run(tick.slot(), Trigger.LAMBDA, deadline);
        if (outcome instanceof RunOutcome.Busy busy) {
            LOG.info("tick {} ({} {}, request {}): slot busy with run {}", tick.slot(), tick.origin(), tick.id(),
                    context.getAwsRequestId(), busy.heldBy());
            throw RunFailedException.busy(busy);
        }
        RunReport report = outcome instanceof RunOutcome.AlreadyDone done ? done.earlier() : ((RunOutcome.Executed) outcome).report();
        LOG.info("tick {} ({} {}, request {}): run {} attempt {} {}{}, fetched {}, inserted {}, updated {}, unchanged {}, "
                        + "rejected {}, {} ms{}",
                tick.slot(), tick.origin(), tick.id(), context.getAwsRequestId(), report.runId(), report.attempt(),
                report.status().text(), outcome instanceof RunOutcome.AlreadyDone ? " earlier (duplicate delivery)" : "",
                report.fetched(), report.inserted(), report.updated(), report.unchanged(),
                report.rejected(), report.durations().total().toMillis(),
                report.errorMessage().map(e -> ": " + e).orElse(""));
        if (!report.succeeded()) {
            throw RunFailedException.failed(report);
        }
        output.write(reports.write(report));
    }
}
