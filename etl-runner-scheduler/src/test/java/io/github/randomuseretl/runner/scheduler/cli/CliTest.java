package io.github.randomuseretl.runner.scheduler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.config.Setting;
import io.github.randomuseretl.core.config.Use;
import io.github.randomuseretl.runner.scheduler.wiring.KnownSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line in-process: parsing, settings, exit codes. Nothing here opens a connection. */
class CliTest {

    private static final Map<String, String> ENV = Map.of(
            "ETL_DB_URL", "jdbc:postgresql://db.example:5432/etl?sslmode=require",
            "ETL_DB_USER", "etl",
            "ETL_DB_PASSWORD", "hunter2-secret");

    /** What each command does, so which settings its help lists (issue 13). */
    private static final Map<String, Set<Use>> USES = Map.ofEntries(
            Map.entry("run", Set.of(Use.RUN)),
            Map.entry("backfill", Set.of(Use.RUN)),
            Map.entry("rebuild", Set.of(Use.RUN)),
            Map.entry("serve", Set.of(Use.RUN, Use.SERVE)),
            Map.entry("runs", Set.of(Use.INSPECT)),
            Map.entry("gaps", Set.of(Use.INSPECT)),
            Map.entry("prune", Set.of(Use.INSPECT)),
            Map.entry("quarantine list", Set.of(Use.INSPECT)),
            Map.entry("quarantine replay", Set.of(Use.RUN, Use.INSPECT)),
            Map.entry("migrate", Set.of(Use.MIGRATE)),
            Map.entry("config", Set.of(Use.values())));

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
        for (Setting<?> s : KnownSettings.CATALOG.all()) {
            assertTrue(r.out().contains("\n" + s.name() + " "), s.name() + " missing from\n" + r.out());
        }
        assertTrue(r.out().matches("(?s).*\nETL_DB_PASSWORD_FILE +unset +default\n.*"), r.out());
        assertEquals(List.of("warning: ETL_USRS_PER_RUN is not a setting; did you mean ETL_USERS_PER_RUN?"), r.errLines());
    }

    @Test
    void anUnknownNameIsWarnedAboutWithTheClosestSettingWhetherInTheEnvironmentOrGivenWithSet() {
        Map<String, String> env = new HashMap<>(ENV);
        env.put("ETL_RUN_TIMOUT", "20s");
        env.put("ETL_COLOUR", "blue");
        env.put("PATH", "/usr/bin");
        Result r = run(env, "config", "--set", "ETL_DB_PASWORD=x");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("warning: ETL_COLOUR is not a setting of this program; check its spelling",
                "warning: ETL_DB_PASWORD is not a setting; did you mean ETL_DB_PASSWORD?",
                "warning: ETL_RUN_TIMOUT is not a setting; did you mean ETL_RUN_TIMEOUT?"), r.errLines());
        assertTrue(r.out().matches("(?s).*\nETL_RUN_TIMEOUT +50s +default\n.*"), "the typo did not set it:\n" + r.out());
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
        assertTrue(r.out().matches("(?s).*\nETL_DB_PASSWORD_FILE +" + java.util.regex.Pattern.quote(secret.toString()) + " +environment\n.*"),
                r.out());
        assertTrue(r.out().matches("(?s).*\nETL_DB_PASSWORD +\\*\\*\\* +ETL_DB_PASSWORD_FILE\n.*"),
                "the value read from the file is never shown:\n" + r.out());

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
    void eachCommandHasAFlagForEachSettingItUsesAndEachFlagSetsItsSetting() {
        CommandLine root = Cli.commandLine(Map.of());
        for (Map.Entry<String, Set<Use>> command : USES.entrySet()) {
            SettingsCommand c = subcommand(root, command.getKey()).getCommand();
            for (Setting<?> s : KnownSettings.CATALOG.usedFor(command.getValue())) {
                List<String> args = new ArrayList<>(List.of(command.getKey().split(" ")));
                args.addAll(List.of(s.flag(), "x"));
                s.fileFlag().ifPresent(f -> args.addAll(List.of(f, "/run/secrets/x")));
                root.parseArgs(args.toArray(String[]::new));
                assertEquals("x", c.flagValues().get(s.name()), command.getKey() + " " + s.flag() + " sets " + s.name());
                s.fileName().ifPresent(f -> assertEquals("/run/secrets/x", c.flagValues().get(f), command.getKey() + " sets " + f));
            }
        }
    }

    @Test
    void eachCommandsHelpListsExactlyTheSettingsItUses() {
        Map<String, Setting<?>> byFlag = new HashMap<>();
        for (Setting<?> s : KnownSettings.CATALOG.all()) {
            byFlag.put(s.flag(), s);
            s.fileFlag().ifPresent(f -> byFlag.put(f, s));
        }
        for (Map.Entry<String, Set<Use>> command : USES.entrySet()) {
            Result help = run(ENV, (command.getKey() + " --help").split(" "));
            assertEquals(0, help.code(), help.err());
            Set<String> listed = new TreeSet<>();
            Matcher m = Pattern.compile("(?m)^ +(?:-\\w, )?(--[a-z0-9-]+)").matcher(help.out());
            while (m.find()) {
                Setting<?> s = byFlag.get(m.group(1));
                if (s != null) {
                    listed.add(s.name());
                    assertTrue(help.out().contains(s.name() + ": "), "each flag's help names its variable: " + s.name());
                }
            }
            Set<String> expected = new TreeSet<>();
            KnownSettings.CATALOG.usedFor(command.getValue()).forEach(s -> expected.add(s.name()));
            assertEquals(expected, listed, command.getKey() + " --help:\n" + help.out());
        }
        // What that means for a user, command by command.
        String migrate = run(ENV, "migrate", "--help").out();
        assertTrue(migrate.contains("--db-url=URL") && !migrate.contains("--users-per-run") && !migrate.contains("--schedule"), migrate);
        String runs = run(ENV, "runs", "--help").out();
        assertTrue(runs.contains("--pipeline-name=NAME") && !runs.contains("--source-url") && !runs.contains("--http-port"), runs);
        String run = run(ENV, "run", "--help").out();
        assertTrue(run.contains("--users-per-run=N") && run.contains("--shutdown-grace") && !run.contains("--http-port"), run);
        // run weighs the schedule against the budget but never catches up, so it offers no --catch-up.
        assertTrue(run.contains("--schedule=SCHEDULE") && run.contains("--source-budget") && !run.contains("--catch-up"), run);
        String serve = run(ENV, "serve", "--help").out();
        assertTrue(serve.contains("--http-port=N") && serve.contains("--users-per-run=N") && !serve.contains("--retention-days"), serve);
        String gaps = run(ENV, "gaps", "--help").out();
        assertTrue(gaps.contains("--since=DURATION") && gaps.contains("--schedule=SCHEDULE") && gaps.contains("--catch-up=DURATION")
                && !gaps.contains("--users-per-run") && !gaps.contains("--http-port"), gaps);
    }

    private static CommandLine subcommand(CommandLine root, String path) {
        CommandLine cl = root;
        for (String name : path.split(" ")) {
            cl = cl.getSubcommands().get(name);
        }
        return cl;
    }

    @Test
    void aBadSlotIsRefusedBeforeTheSettingsAreReadOrAnythingIsWired() {
        // No ETL_DB_URL: had the application been wired first, the missing setting would be the error.
        Result run = run(Map.of(), "run", "--slot", "nonsense");
        assertEquals(ExitCode.USAGE, run.code());
        assertEquals(List.of("--slot must be a UTC minute such as 2026-01-01T00:00Z, got \"nonsense\"", "Try 'randomuser-etl run --help'."),
                run.errLines());
        Result backfill = run(Map.of(), "backfill", "--from", "nonsense", "--pages", "2");
        assertEquals(ExitCode.USAGE, backfill.code());
        assertTrue(backfill.err().startsWith("--from must be a UTC minute"), backfill.err());
        Result future = run(Map.of(), "backfill", "--from", "2999-01-01T00:00Z", "--pages", "2");
        assertEquals(ExitCode.USAGE, future.code(), future.err());
        assertTrue(future.err().startsWith("--from must not be after the current minute"), future.err());
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
