package io.github.randomuseretl.core.testing;

import io.github.randomuseretl.core.model.Coordinates;
import io.github.randomuseretl.core.model.Gender;
import io.github.randomuseretl.core.model.Location;
import io.github.randomuseretl.core.model.NationalId;
import io.github.randomuseretl.core.model.PersonName;
import io.github.randomuseretl.core.model.Pictures;
import io.github.randomuseretl.core.model.RawRecord;
import io.github.randomuseretl.core.model.User;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/** Valid domain values for tests: real-shaped, deterministic per number. */
public final class TestUsers {

    private TestUsers() {
    }

    /**
     * @param n any number; the same number gives the same user
     * @return a valid user whose uuid derives from {@code n}
     */
    public static User user(int n) {
        return new User(
                new UUID(0x5eed_0000_0000_4000L, 0x8000_0000_0000_0000L | n),
                "user" + n,
                new PersonName("Ms", "Anna" + n, "Müller"),
                n % 2 == 0 ? Gender.FEMALE : Gender.MALE,
                "anna" + n + "@example.com",
                Instant.parse("1990-05-17T08:30:00.123Z"),
                Instant.parse("2015-01-02T03:04:05.678Z"),
                "0123-456789",
                "0170-1234567",
                new Location(12, "Grüner Weg", "Berlin", "Berlin", "Germany", "1057" + (n % 10),
                        new Coordinates(new BigDecimal("52.5200"), new BigDecimal("13.4050")),
                        new io.github.randomuseretl.core.model.TimeZone("+01:00", "Brussels, Copenhagen, Madrid, Paris")),
                new NationalId("SVNR", "53 170590 M " + n),
                new Pictures(URI.create("https://randomuser.me/api/portraits/women/1.jpg"),
                        URI.create("https://randomuser.me/api/portraits/med/women/1.jpg"),
                        URI.create("https://randomuser.me/api/portraits/thumb/women/1.jpg")),
                "DE",
                null);
    }

    /**
     * @param n     a number for the origin's index
     * @param json  the payload
     * @return a raw record from a fake source
     */
    public static RawRecord raw(int n, String json) {
        return new RawRecord(json, new RawRecord.Origin("test://source", 1, n));
    }
}
