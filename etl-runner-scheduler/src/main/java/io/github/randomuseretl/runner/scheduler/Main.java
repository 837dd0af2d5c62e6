package io.github.randomuseretl.runner.scheduler;

import io.github.randomuseretl.runner.scheduler.cli.Cli;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/** The executable's entry point: {@code java -jar randomuser-etl.jar COMMAND}. */
public final class Main {

    private Main() {
    }

    /**
     * Runs a command and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        Charset cs = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, cs), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, cs), true);
        int code = Cli.execute(args, System.getenv(), out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
