package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.model.RejectionReason;
import io.github.randomuseretl.core.model.Slot;
import io.github.randomuseretl.core.model.Validation;
import io.github.randomuseretl.core.port.SlotClaim;
import io.github.randomuseretl.core.run.RunReport;
import io.github.randomuseretl.core.run.RunRequest;
import io.github.randomuseretl.core.testing.TestUsers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A loader process for {@link StreamingLoadIT}: claims a slot (settings from the {@code ETL_DB_*}
 * environment), stages users made one at a time (so nothing but the sink could hold them) and
 * rejections, then either commits and prints the counts ({@code commit}), or prints {@code staged}
 * and waits to be killed ({@code hold}).
 *
 * <p>Arguments: {@code commit|hold SLOT USERS REJECTIONS}.
 */
public final class StageAndHold {

    private StageAndHold() {
    }

    public static void main(String[] args) throws Exception {
        boolean commit = args[0].equals("commit");
        Slot slot = Slot.parse(args[1]);
        int users = Integer.parseInt(args[2]);
        int rejections = Integer.parseInt(args[3]);
        Clock clock = Clock.systemUTC();
        try (PostgresDatabase db = PostgresDatabase.pooled(PostgresSettings.from(Settings.of(System.getenv())))) {
            PostgresUserSink sink = new PostgresUserSink(db, clock);
            RunRequest request = Pg.request("randomuser", slot, clock.instant(), Duration.ofMinutes(5));
            SlotClaim.Claimed claim = Pg.claimed(sink.claim(request));
            try (var load = claim.load()) {
                for (int i = 0; i < users; i++) {
                    load.stage(SampleUsers.varied(i, 11));
                }
                for (int i = 0; i < rejections; i++) {
                    load.quarantine(new Validation.Rejected(TestUsers.raw(i, "{\"n\":" + i + "}"),
                            List.of(new RejectionReason("/login", "is required"))));
                }
                if (commit) {
                    RunReport r = load.commit(Pg.succeeded(claim, request, users + rejections, clock.instant()));
                    System.out.println("committed " + r.inserted() + " " + r.rejected() + " max heap "
                            + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
                } else {
                    System.out.println("staged " + claim.runId() + " " + ((PostgresUserSink.LeasedLoad) load).backendPid());
                    System.out.flush();
                    while (System.in.read() >= 0) {
                        // held open until the test kills this process
                    }
                }
            }
        }
    }
}
