package io.github.randomuseretl.bench;

import java.util.Arrays;

/**
 * {@code java -jar etl-bench.jar macro [--users N] [--validation-threads N] [--keep] [--baselines]},
 * {@code java -jar etl-bench.jar cold [--jar PATH] [--users N]}, {@code java -jar etl-bench.jar stages [--rounds N]}
 * or {@code java -jar etl-bench.jar micro [JMH options]}.
 */
public final class BenchMain {

    private BenchMain() {
    }

    /**
     * @param args the command and its options
     * @throws Exception if a benchmark cannot run
     */
    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        String command = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "macro" -> System.exit(MacroBenchmark.main(rest, System.getenv(), System.out));
            case "micro" -> org.openjdk.jmh.Main.main(rest);
            case "cold" -> System.exit(ColdStart.main(rest, System.getenv(), System.out));
            case "stages" -> System.exit(StageCpu.main(rest, System.out));
            default -> {
                System.err.println("usage: java -jar etl-bench.jar " + MacroBenchmark.USAGE + "   (database from ETL_DB_URL, ETL_DB_USER, ETL_DB_PASSWORD)");
                System.err.println("       java -jar etl-bench.jar cold [--jar PATH] [--users N]   (a fresh JVM's first run of the scheduler jar)");
                System.err.println("       java -jar etl-bench.jar stages [--rounds N]   (CPU per user of each validation stage, side by side)");
                System.err.println("       java -jar etl-bench.jar micro [JMH options, e.g. -f 1 -wi 3 -i 5]");
                System.exit(2);
            }
        }
    }
}
