package io.github.randomuseretl.runner.scheduler.cli;

import io.github.randomuseretl.adapter.postgres.DatabaseUnavailableException;
import io.github.randomuseretl.adapter.postgres.PostgresOperations;
import io.github.randomuseretl.adapter.postgres.SchemaNotMigratedException;
import io.github.randomuseretl.core.config.Use;
import io.github.randomuseretl.core.pipeline.EtlPipeline;
import io.github.randomuseretl.core.run.Trigger;
import io.github.randomuseretl.runner.scheduler.config.RunnerSettings;
import io.github.randomuseretl.runner.scheduler.http.OpsHttpServer;
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

/** {@code serve}: a run on every tick until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run every tick of ETL_SCHEDULE until stopped.",
            "Runs the slot of every tick of ETL_SCHEDULE (default: every minute) until stopped, with "
            + "/health/live, /health/ready and /metrics on ETL_HTTP_PORT. Ticks missed while stopped are not "
            + "replayed (see backfill). Replicas on one database run each slot once. SIGTERM stops ticking, lets "
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

    @Override
    public Integer call() throws InterruptedException {
        App app = start();
        SchedulerConfig config = app.config();
        RunnerSettings runner = config.runner();
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
            Log.LOG.info("serve: pipeline {}, schedule \"{}\", {}, source {} (API {}, {} users per run), health and metrics on {}",
                    config.pipeline().pipelineName(), runner.schedule(), config.database().describe(), config.source().baseUrl(),
                    config.source().apiVersion().text(), config.source().usersPerRun(),
                    http == null ? "no port" : http.address());
            EtlPipeline pipeline = awaitDatabase(app, sleeper, stopping);
            if (pipeline == null) {
                code = ExitCode.OK;
                return code;
            }
            seedLastSuccess(app);
            ServeLoop l = new ServeLoop(runner.schedule(), clock, sleeper, slot -> pipeline.run(slot, Trigger.SCHEDULE));
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

    /** The pipeline once the database answers; {@code null} if stopped first. */
    private static EtlPipeline awaitDatabase(App app, Sleeper sleeper, AtomicBoolean stopping) throws InterruptedException {
        Duration wait = Duration.ofSeconds(1);
        while (!stopping.get()) {
            try {
                return app.get(EtlPipeline.class);
            } catch (RuntimeException e) {
                SchemaNotMigratedException notMigrated = cause(e, SchemaNotMigratedException.class);
                DatabaseUnavailableException down = cause(e, DatabaseUnavailableException.class);
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
            app.get(PostgresOperations.class).lastSuccessAt(app.config().pipeline().pipelineName())
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
