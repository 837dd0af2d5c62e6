package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.core.catchup.CatchUp;
import io.github.randomuseretl.core.catchup.CatchUpSettings;
import io.github.randomuseretl.core.config.Use;
import io.github.randomuseretl.core.port.RunLedger;
import io.github.randomuseretl.core.port.SchemaNotMigratedException;
import io.github.randomuseretl.core.port.SinkUnavailableException;
import io.github.randomuseretl.core.run.RunOutcome;
import io.github.randomuseretl.core.run.Trigger;
import io.github.randomuseretl.runner.scheduler.config.RunnerSettings;
import io.github.randomuseretl.runner.scheduler.http.OpsHttpServer;
import io.github.randomuseretl.runner.scheduler.observe.MissingSlots;
import io.github.randomuseretl.runner.scheduler.observe.Readiness;
import io.github.randomuseretl.runner.scheduler.observe.RunMetrics;
import io.github.randomuseretl.runner.scheduler.serve.AbortableSource;
import io.github.randomuseretl.runner.scheduler.serve.GracefulShutdown;
import io.github.randomuseretl.runner.scheduler.serve.ServeLoop;
import io.github.randomuseretl.runner.scheduler.serve.Sleeper;
import io.github.randomuseretl.runner.scheduler.wiring.App;
import io.github.randomuseretl.runner.scheduler.wiring.SchedulerConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/** {@code serve}: a run on every tick, and catch-up of the slots without a success, until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run every tick of ETL_SCHEDULE, and catch up missing slots, until stopped.",
            "Runs the slot of every tick of ETL_SCHEDULE (default: every minute) until stopped, with "
            + "/health/live, /health/ready and /metrics on ETL_HTTP_PORT. After each tick's own slot it runs the slots of "
            + "the last ETL_CATCH_UP (default 1h) that have no succeeded run (failed, abandoned, or missed while nothing "
            + "ran), oldest first, until just before the next tick, within ETL_SOURCE_BUDGET. Replicas on one database "
            + "run each slot once; a replica that dies loses its slot to the next claim at once. SIGTERM stops ticking, lets "
            + "the run in flight finish within ETL_SHUTDOWN_GRACE and exits 0. Waits for the database if it is down, and for "
            + "migrate if the schema is not migrated (/health/ready says so meanwhile)."})
final class ServeCommand extends TopLevelCommand {

    ServeCommand() {
        super(Use.RUN, Use.SERVE);
    }

    /** Picocli creates every command to parse a command line: logging starts when serve runs, not before. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    }

    private static final Duration MAX_DB_RETRY = Duration.ofSeconds(30);
    /** Catch-up ends this long before the next tick, so the tick starts on time. */
    static final Duration CATCH_UP_MARGIN = Duration.ofMillis(250);

    @Override
    public Integer call() throws InterruptedException {
        App app = start();
        SchedulerConfig config = app.config();
        RunnerSettings runner = config.runner();
        CatchUpSettings catchUpSettings = config.catchUp();
        Clock clock = app.get(Clock.class);
        Sleeper sleeper = Sleeper.real();
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicReference<ServeLoop> loop = new AtomicReference<>();
        OpsHttpServer http = null;
        GracefulShutdown shutdown = null;
        int code = ExitCode.INTERNAL;
        try {
            http = startHttp(app, runner, loop, stopping);
            shutdown = GracefulShutdown.install(runner.shutdownGrace(), () -> {
                stopping.set(true);
                sleeper.wakeUp();
                ServeLoop l = loop.get();
                if (l != null) {
                    l.stop();
                }
            }, app.get(AbortableSource.class)::abort, ExitCode.OK);
            Log.LOG.info("serve: pipeline {}, schedule \"{}\", catch-up {}, {}, health and metrics on {}",
                    config.pipeline().pipelineName(), catchUpSettings.schedule(),
                    catchUpSettings.enabled() ? "of the last " + catchUpSettings.window().toMinutes() + " min" : "off",
                    config.describe(), http == null ? "no port" : http.address());
            app.warnIfBudgetUnsustainable();
            CatchUp catchUp = awaitDatabase(app, sleeper, stopping);
            if (catchUp == null) {
                code = ExitCode.OK;
                return code;
            }
            seedLastSuccess(app);
            MissingSlots missing = app.get(MissingSlots.class);
            ServeLoop l = new ServeLoop(catchUpSettings.schedule(), clock, sleeper, (tick, next) -> {
                // A stop request (SIGTERM) lets the run in flight finish, but starts no further catch-up run.
                CatchUp.Round round = catchUp.tick(tick, Trigger.SCHEDULE, null, next.minus(CATCH_UP_MARGIN), stopping::get);
                report(round, missing);
            });
            loop.set(l);
            if (!stopping.get()) {
                l.run();
            }
            Log.LOG.info("serve: stopped after {} tick(s)", l.ticks());
            code = ExitCode.OK;
            return code;
        } finally {
            if (http != null) {
                http.close();
            }
            app.close();
            if (shutdown != null) {
                shutdown.finished(code);
            }
        }
    }

    /** Updates the missing-slots gauge and says what catch-up did, when it did something. */
    private static void report(CatchUp.Round round, MissingSlots missing) {
        if (round.stop() != CatchUp.Stop.LEDGER_UNREADABLE) {
            missing.update(round.missing());
        }
        if (!round.caughtUp().isEmpty()) {
            long deferred = round.caughtUp().stream().filter(RunOutcome.Deferred.class::isInstance).count();
            Log.LOG.info("catch-up: ran {} slot(s) ({} healed{}), {} still missing; stopped: {}", round.caughtUp().size() - deferred,
                    round.healed(), deferred > 0 ? ", the budget deferred the next" : "", round.missing().size(),
                    round.stop().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        }
    }

    private static OpsHttpServer startHttp(App app, RunnerSettings runner, AtomicReference<ServeLoop> loop, AtomicBoolean stopping) {
        if (runner.httpPort() == 0) {
            return null;
        }
        try {
            // Live while waiting for the database and while the loop runs; not once it died.
            return OpsHttpServer.start(new InetSocketAddress(runner.httpBind(), runner.httpPort()), () -> {
                ServeLoop l = loop.get();
                return l == null || l.alive() || stopping.get();
            }, app.get(Readiness.class), app.get(PrometheusMeterRegistry.class));
        } catch (IOException e) {
            throw new CommandException(ExitCode.USAGE, "ETL_HTTP_BIND " + runner.httpBind().getHostAddress() + " / ETL_HTTP_PORT "
                    + runner.httpPort() + " cannot be bound: " + e.getMessage());
        }
    }

    /** The tick's work once the database answers; {@code null} if stopped first. */
    private static CatchUp awaitDatabase(App app, Sleeper sleeper, AtomicBoolean stopping) throws InterruptedException {
        Duration wait = Duration.ofSeconds(1);
        while (!stopping.get()) {
            try {
                return app.get(CatchUp.class);
            } catch (RuntimeException e) {
                SchemaNotMigratedException notMigrated = cause(e, SchemaNotMigratedException.class);
                SinkUnavailableException down = cause(e, SinkUnavailableException.class);
                if (notMigrated != null) {
                    // Waits, like for a database that is down: a migrate job may be running right now.
                    Log.LOG.warn("not ready, retrying in {}s: {}", wait.toSeconds(), notMigrated.getMessage());
                } else if (down != null) {
                    Log.LOG.warn("database unavailable, retrying in {}s: {}", wait.toSeconds(), down.getMessage());
                } else {
                    throw e;
                }
                sleeper.sleep(wait);
                wait = wait.multipliedBy(2).compareTo(MAX_DB_RETRY) > 0 ? MAX_DB_RETRY : wait.multipliedBy(2);
            }
        }
        return null;
    }

    private static void seedLastSuccess(App app) {
        try {
            app.get(RunLedger.class).lastSuccessAt(app.config().pipeline().pipelineName())
                    .ifPresent(app.get(RunMetrics.class)::successSeen);
        } catch (RuntimeException e) {
            Log.LOG.warn("could not read the last successful run from the ledger: {}", e.getMessage());
        }
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
