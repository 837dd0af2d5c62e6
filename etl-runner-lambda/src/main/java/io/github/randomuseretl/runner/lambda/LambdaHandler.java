package io.github.randomuseretl.runner.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.randomuseretl.core.catchup.CatchUp;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.Trigger;
import io.github.randomuseretl.runner.lambda.wiring.LambdaContainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Lambda entry point ({@code io.github.randomuseretl.runner.lambda.LambdaHandler::handleRequest}):
 * one invocation per EventBridge tick, one pipeline run for the tick's slot, then catch-up of the
 * slots without a succeeded run while the invocation's time allows.
 *
 * <ul>
 *   <li>The slot is the minute of the <em>scheduled</em> time the event carries, so a duplicate or retried
 *       delivery of a tick claims the same slot, gets that slot's recorded report back and fetches
 *       nothing.</li>
 *   <li>The run's deadline is the invocation's remaining time less a safety margin, so fetching stops
 *       while there is still time to record the outcome; the sink writes a batch in one transaction, so
 *       nothing is ever half-written.</li>
 *   <li>After its own slot, the handler runs the core's catch-up: the slots of {@code ETL_CATCH_UP}
 *       that have no succeeded run, oldest first, until the invocation's deadline or the next tick of
 *       {@code ETL_SCHEDULE} (which must match the EventBridge rule), within the source's budget.</li>
 *   <li>A run that fails, or finds its slot busy, throws, so the invocation fails and Lambda retries it.
 *       A run the source's budget defers does not: a retry within seconds would be deferred too, and
 *       a later tick's catch-up runs the slot.</li>
 *   <li>The response is the run's report as JSON (or the deferral).</li>
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
    /** Catch-up ends this long before the next tick's invocation. */
    static final Duration NEXT_TICK_MARGIN = Duration.ofMillis(250);

    private static final Logger LOG = LoggerFactory.getLogger(LambdaHandler.class);

    private final CatchUp catchUp;
    private final Clock clock;
    private final Duration safetyMargin;
    private final TickEventParser parser;
    private final ReportJson reports;

    /** Called by the Lambda runtime once per container: builds (or reuses) the container's wiring. */
    public LambdaHandler() {
        this(LambdaContainer.instance().catchUp(), Clock.systemUTC(), SAFETY_MARGIN);
    }

    /**
     * @param catchUp      a tick's work: the pipeline's run of the tick's slot, then catch-up
     * @param clock        the clock the deadline is computed with
     * @param safetyMargin time kept back from the invocation's remaining time
     */
    LambdaHandler(CatchUp catchUp, Clock clock, Duration safetyMargin) {
        this.catchUp = Objects.requireNonNull(catchUp, "catchUp");
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
        Instant nextTick = catchUp.planner().schedule().nextAfter(tick.scheduledTime()).minus(NEXT_TICK_MARGIN);
        Instant stopBy = nextTick.isBefore(deadline) ? nextTick : deadline;
        CatchUp.Round round = catchUp.tick(tick.scheduledTime(), Trigger.LAMBDA, deadline, stopBy);
        RunOutcome outcome = round.own();
        if (!round.caughtUp().isEmpty()) {
            LOG.info("tick {}: catch-up ran {} slot(s), {} healed, {} still missing; stopped: {}", tick.slot(), round.caughtUp().size(),
                    round.healed(), round.missing().size(), round.stop().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        if (outcome instanceof RunOutcome.Busy busy) {
            LOG.info("tick {} ({} {}, request {}): slot busy with run {}", tick.slot(), tick.origin(), tick.id(),
                    context.getAwsRequestId(), busy.heldBy());
            throw RunFailedException.busy(busy);
        }
        if (outcome instanceof RunOutcome.Deferred deferred) {
            LOG.info("tick {} ({} {}, request {}): deferred until {}: {}", tick.slot(), tick.origin(), tick.id(),
                    context.getAwsRequestId(), deferred.until(), deferred.reason());
            output.write(reports.write(deferred));
            return;
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
