package io.github.randomuseretl.runner.scheduler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.runner.scheduler.config.KnownSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line in-process: parsing, settings, exit codes. Nothing here opens a connection. */
class CliTest {

    private static final Map<String, String> ENV = Map.of(
            "ETL_DB_URL", "jdbc:postgresql://db.example:5432/etl?sslmode=require",
            "ETL_DB_USER", "etl",
            "ETL_DB_PASSWORD", "hunter2-secret");

    private record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }
    }

    private static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.execute(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        Result r = run(ENV, "--help");
        assertEquals(0, r.code());
        for (String command : List.of("migrate", "run", "serve", "backfill", "runs", "gaps", "quarantine", "prune", "config")) {
            assertTrue(r.out().contains("  " + command + " "), command + " in\n" + r.out());
        }
        assertTrue(r.out().contains("Exit codes:"), r.out());
        assertTrue(r.out().matches("(?s).*\n  3 +database unreachable.*"), r.out());
        assertEquals(0, run(ENV, "quarantine", "--help").code());
        assertTrue(run(ENV, "serve", "--help").out().contains("--schedule=SCHEDULE"));
    }

    @Test
    void versionNamesTheProgram() {
        Result r = run(Map.of(), "--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("randomuser-etl "), r.out());
    }

    @Test
    void aMissingOrUnknownCommandIsAUsageError() {
        Result none = run(ENV);
        assertEquals(ExitCode.USAGE, none.code());
        assertTrue(none.err().startsWith("a command is required"), none.err());
        assertEquals(ExitCode.USAGE, run(ENV, "frobnicate").code());
        assertEquals(ExitCode.USAGE, run(ENV, "quarantine").code());
        assertEquals(ExitCode.USAGE, run(ENV, "run", "--no-such-flag").code());
    }

    @Test
    void aWrongSettingStopsWithExitTwoAndOneLineNamingIt() {
        Map<String, String> env = new HashMap<>(ENV);
        env.put("ETL_USERS_PER_RUN", "0");
        for (String command : List.of("config", "run", "serve", "migrate", "runs", "backfill")) {
            Result r = command.equals("backfill") ? run(env, command, "--pages", "1") : run(env, command);
            assertEquals(ExitCode.USAGE, r.code(), command + ": " + r.err());
            assertEquals(List.of("ETL_USERS_PER_RUN must be a whole number from 1 to 100000, got \"0\""), r.errLines(), command);
        }
        Result loginWithoutServer = run(Map.of("ETL_DB_USER", "etl"), "config");
        assertEquals(ExitCode.USAGE, loginWithoutServer.code());
        assertEquals(List.of("ETL_DB_USER must be set only with ETL_DB_URL (without it the job uses its embedded database in "
                + "ETL_DATA_DIR, which needs no login), got \"etl\""), loginWithoutServer.errLines());
        Result passwordWithoutServer = run(Map.of("ETL_DB_PASSWORD", "s3cret-value"), "config");
        assertEquals(ExitCode.USAGE, passwordWithoutServer.code());
        assertFalse(passwordWithoutServer.err().contains("s3cret-value"), passwordWithoutServer.err());
    }

    @Test
    void withoutETL_DB_URLTheDatabaseIsTheEmbeddedOneInTheDataDirectory() {
        Result r = run(Map.of(), "config", "--data-dir", "/var/tmp/etl-data");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*\nETL_DB_URL +unset: the embedded database +default\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\nETL_DATA_DIR +/var/tmp/etl-data +flag\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\nETL_DATA_PORT +54329 +default\n.*"), r.out());
        Result badPort = run(Map.of("ETL_DATA_PORT", "80"), "config");
        assertEquals(ExitCode.USAGE, badPort.code());
        assertTrue(badPort.err().startsWith("ETL_DATA_PORT must be "), badPort.err());
    }

    @Test
    void aFlagOverridesTheEnvironmentAndIsCheckedTheSameWay() {
        Map<String, String> env = new HashMap<>(ENV);
        env.put("ETL_SCHEDULE", "every 1m");
        Result r = run(env, "config", "--schedule", "every 10s", "--users-per-run", "7");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*\nETL_SCHEDULE +every 10s +flag\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\nETL_USERS_PER_RUN +7 +flag\n.*"), r.out());
        Result bad = run(env, "config", "--schedule", "every 0s");
        assertEquals(ExitCode.USAGE, bad.code());
        assertTrue(bad.err().startsWith("ETL_SCHEDULE must be "), bad.err());
    }

    @Test
    void configShowsEveryEffectiveSettingWithSecretsMasked() {
        Map<String, String> env = new HashMap<>(ENV);
        env.put("ETL_USRS_PER_RUN", "5");
        Result r = run(env, "config", "--set", "ETL_SOURCE_MAX_RETRIES=5");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("hunter2"), r.out());
        assertTrue(r.out().matches("(?s).*\nETL_DB_PASSWORD +\\*\\*\\* +environment\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\nETL_DB_URL +jdbc:postgresql://db.example:5432/etl\\?sslmode=require +environment\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\nETL_SOURCE_MAX_RETRIES +5 +flag\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\nETL_USERS_PER_RUN +100 +default\n.*"), r.out());
        for (KnownSettings.Setting s : KnownSettings.ALL) {
            assertTrue(r.out().contains("\n" + s.name() + " "), s.name() + " missing from\n" + r.out());
        }
        assertTrue(r.err().contains("warning: ETL_USRS_PER_RUN is set but is not a setting of this program"), r.err());
    }

    @Test
    void configSaysInOneLineWhenTheBudgetCannotSustainTheSchedule() {
        Result fine = run(ENV, "config");
        assertEquals(0, fine.code(), fine.err());
        assertFalse(fine.err().contains("ETL_SOURCE_BUDGET"), "the defaults are sustainable: " + fine.err());
        assertTrue(fine.out().matches("(?s).*\nETL_SOURCE_BUDGET +20000/5m +default\n.*"), fine.out());
        assertTrue(fine.out().matches("(?s).*\nETL_CATCH_UP +1h +default\n.*"), fine.out());

        Result over = run(ENV, "config", "--users-per-run", "5000");
        assertEquals(0, over.code(), over.err());
        assertEquals(List.of("warning: ETL_USERS_PER_RUN 5000 x 5 slot(s) per 5m (ETL_SCHEDULE \"every 1m\") = 25000 users, more than "
                + "ETL_SOURCE_BUDGET 20000/5m allows: runs will be deferred and some slots left to catch-up or missed; lower "
                + "ETL_USERS_PER_RUN or tick less often"), over.errLines());
        assertEquals(0, run(ENV, "config", "--users-per-run", "5000", "--schedule", "*/5 * * * *").errLines().size(),
                "one slot per 5 minutes fits");
        Result bad = run(ENV, "config", "--source-budget", "lots");
        assertEquals(ExitCode.USAGE, bad.code());
        assertTrue(bad.err().startsWith("ETL_SOURCE_BUDGET must be USERS/WINDOW"), bad.err());
    }

    @Test
    void gapsRefusesAWrongSinceBeforeTouchingTheDatabase() {
        Result r = run(ENV, "gaps", "--since", "forever");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().startsWith("--since must be a duration from 1m to 366d"), r.err());
    }

    @Test
    void aPasswordFileIsReadButNeverShown(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path secret = java.nio.file.Files.writeString(dir.resolve("db-password"), "from-a-file\n");
        Map<String, String> env = Map.of("ETL_DB_URL", "jdbc:postgresql://db/etl", "ETL_DB_USER", "etl",
                "ETL_DB_PASSWORD_FILE", secret.toString());
        Result r = run(env, "config");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("from-a-file"), r.out());
        assertTrue(r.out().contains("ETL_DB_PASSWORD_FILE        " + secret), r.out());

        Result missing = run(Map.of("ETL_DB_URL", "jdbc:postgresql://db/etl", "ETL_DB_USER", "etl",
                "ETL_DB_PASSWORD_FILE", dir.resolve("nope").toString()), "config");
        assertEquals(ExitCode.USAGE, missing.code());
        assertTrue(missing.err().startsWith("ETL_DB_PASSWORD_FILE must be a readable file"), missing.err());

        Result both = run(Map.of("ETL_DB_URL", "jdbc:postgresql://db/etl", "ETL_DB_USER", "etl", "ETL_DB_PASSWORD", "x",
                "ETL_DB_PASSWORD_FILE", secret.toString()), "config");
        assertEquals(ExitCode.USAGE, both.code());
        assertFalse(both.err().contains("from-a-file"), both.err());
    }

    @Test
    void everyDocumentedFlagExistsOnEveryCommandAndSetsItsSetting() {
        for (String command : List.of("migrate", "run", "serve", "backfill", "runs", "gaps", "prune", "config")) {
            Class<?> type = new CommandLine(new RootCommand(Map.of())).getSubcommands().get(command).getCommand().getClass();
            for (KnownSettings.Setting s : KnownSettings.ALL) {
                if (s.flag() == null) {
                    continue;
                }
                SettingsCommand c;
                try {
                    var ctor = type.getDeclaredConstructor();
                    ctor.setAccessible(true);
                    c = (SettingsCommand) ctor.newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
                CommandLine cl = new CommandLine(c);
                assertNotNull(cl.getCommandSpec().findOption(s.flag()), command + " " + s.flag());
                cl.parseArgs(s.flag(), "x");
                assertEquals("x", c.flags.values().get(s.name()), command + " " + s.flag() + " sets " + s.name());
            }
        }
    }

    @Test
    void runRefusesAFutureOrMalformedSlotBeforeTouchingTheDatabase() {
        Result future = run(ENV, "run", "--slot", "2999-01-01T00:00Z");
        assertEquals(ExitCode.USAGE, future.code());
        assertTrue(future.err().startsWith("--slot must not be after the current minute"), future.err());
        Result bad = run(ENV, "run", "--slot", "yesterday");
        assertEquals(ExitCode.USAGE, bad.code());
        assertTrue(bad.err().startsWith("--slot must be a UTC minute such as 2026-01-01T00:00Z"), bad.err());
    }

    @Test
    void backfillNeedsARangeItCanRun() {
        assertEquals(ExitCode.USAGE, run(ENV, "backfill").code());
        assertEquals(ExitCode.USAGE, run(ENV, "backfill", "--to", "2026-01-01T00:00Z").code());
        Result backwards = run(ENV, "backfill", "--from", "2026-01-01T00:10Z", "--to", "2026-01-01T00:00Z");
        assertEquals(ExitCode.USAGE, backwards.code());
        assertTrue(backwards.err().startsWith("--to 2026-01-01T00:00Z is before --from 2026-01-01T00:10Z"), backwards.err());
        assertEquals(ExitCode.USAGE, run(ENV, "backfill", "--pages", "0").code());
    }
}
