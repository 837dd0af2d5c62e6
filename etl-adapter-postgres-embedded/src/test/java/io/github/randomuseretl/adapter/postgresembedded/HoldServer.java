package io.github.randomuseretl.adapter.postgresembedded;

import java.nio.file.Path;

/**
 * Another process using the embedded server, for the sharing tests: opens it on the data directory and
 * port given as arguments, prints {@code ready joined=BOOLEAN}, and closes it when its standard input ends.
 */
public final class HoldServer {

    private HoldServer() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgresSettings settings = new EmbeddedPostgresSettings(Path.of(args[0]), Integer.parseInt(args[1]));
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.open(settings)) {
            System.out.println("ready joined=" + server.joined());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our standard input
            }
        }
        System.out.println("closed");
        System.out.flush();
    }
}
