package io.github.randomuseretl.adapter.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.model.Location;
import io.github.randomuseretl.core.model.NationalId;
import io.github.randomuseretl.core.model.PasswordDigest;
import io.github.randomuseretl.core.model.PersonName;
import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.testing.TestUsers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UserRowsTest {

    private static User renamed(User u, String first, String last) {
        return new User(u.uuid(), u.username(), new PersonName(u.name().title(), first, last), u.gender(), u.email(), u.dateOfBirth(),
                u.registeredAt(), u.phone(), u.cell(), u.location(), u.nationalId(), u.pictures(), u.nationality(), u.passwordDigest());
    }

    private static User withDigest(User u, PasswordDigest d) {
        return new User(u.uuid(), u.username(), u.name(), u.gender(), u.email(), u.dateOfBirth(), u.registeredAt(), u.phone(), u.cell(),
                u.location(), u.nationalId(), u.pictures(), u.nationality(), d);
    }

    @Test
    void theSameUserAlwaysHashesTheSame() {
        assertArrayEquals(UserRows.hash(TestUsers.user(7)), UserRows.hash(TestUsers.user(7)));
        assertEquals(32, UserRows.hash(TestUsers.user(7)).length);
        assertArrayEquals(UserRows.hash(SampleUsers.withLatitude(TestUsers.user(7), "52.52")),
                UserRows.hash(SampleUsers.withLatitude(TestUsers.user(7), "52.5200")), "decimals compare by value");
    }

    @Test
    void anyChangedAttributeChangesTheHash() {
        User u = TestUsers.user(7);
        byte[] h = UserRows.hash(u);

        assertFalse(Arrays.equals(h, UserRows.hash(SampleUsers.withEmail(u, "other@example.com"))));
        assertFalse(Arrays.equals(h, UserRows.hash(SampleUsers.withLatitude(u, "52.5201"))));
        assertFalse(Arrays.equals(h, UserRows.hash(withDigest(u, new PasswordDigest("salt", "a".repeat(64))))));
        assertFalse(Arrays.equals(UserRows.hash(renamed(u, "ab", "c")), UserRows.hash(renamed(u, "a", "bc"))), "no shifting between fields");
        assertFalse(Arrays.equals(h, UserRows.hash(TestUsers.user(8))));
    }

    @Test
    void aUserWithEveryPartKeepsTheHashItHadBeforePartsCouldBeLeftOut() {
        // Computed by the sink before the core's User allowed left-out parts: users loaded then are not
        // all counted updated after an upgrade.
        assertEquals("65a18b36d63863db30a973b76334af5f23860414c0bb4c9256eb6e07320d18da",
                HexFormat.of().formatHex(UserRows.hash(TestUsers.user(7))));
    }

    @Test
    void aNarrowUserHashesStablyAndUnlikeItsFullVersion() {
        assertArrayEquals(UserRows.hash(SampleUsers.narrow(7)), UserRows.hash(SampleUsers.narrow(7)));
        assertFalse(Arrays.equals(UserRows.hash(SampleUsers.narrow(7)), UserRows.hash(TestUsers.user(7))));
        assertFalse(Arrays.equals(UserRows.hash(SampleUsers.narrow(7)), UserRows.hash(SampleUsers.narrow(8))));
    }

    @Test
    void aLeftOutPartHashesUnlikeAnEmptyOne() {
        User u = TestUsers.user(7);
        assertFalse(Arrays.equals(UserRows.hash(SampleUsers.withPhone(u, null)), UserRows.hash(SampleUsers.withPhone(u, ""))),
                "phone left out vs empty phone");
        assertFalse(Arrays.equals(UserRows.hash(SampleUsers.withNationalId(u, new NationalId("", null))),
                UserRows.hash(SampleUsers.withNationalId(u, null))), "no national id in the country vs id left out");
        assertFalse(Arrays.equals(UserRows.hash(SampleUsers.withNationalId(u, new NationalId("SVNR", null))),
                UserRows.hash(SampleUsers.withNationalId(u, new NationalId("SVNR", "")))), "no value vs empty value");
        User lego = SampleUsers.lego(7);
        Location l = lego.location();
        Location emptyState = new Location(l.streetNumber(), l.streetName(), l.city(), "", null, l.postcode(), l.coordinates(), l.timeZone());
        User narrow = SampleUsers.narrow(7);
        User narrowWithPlace = new User(narrow.uuid(), narrow.username(), narrow.name(), null, narrow.email(), null, null, null, null,
                emptyState, null, null, narrow.nationality(), null);
        assertFalse(Arrays.equals(UserRows.hash(narrow), UserRows.hash(narrowWithPlace)), "location left out vs no country, empty state");
    }

    @Test
    void aNarrowUserStagesNullForEveryLeftOutColumn() {
        User u = SampleUsers.narrow(3);
        UUID run = UUID.fromString("00000000-0000-4000-8000-000000000001");
        String out = new String(UserRowsEncodingTest.encoded(run, u), StandardCharsets.UTF_8);

        String[] fields = out.substring(0, out.length() - 1).split("\t", -1);
        assertEquals(31, fields.length, out);
        assertEquals("user3|Ms|Anna3|Müller", String.join("|", fields[2], fields[3], fields[4], fields[5]));
        assertEquals("anna3@example.com", fields[7]);
        for (int i : new int[] {6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29}) {
            assertEquals("\\N", fields[i], "column " + i + " of " + UserRows.STAGE_COLUMNS);
        }
        assertEquals("DE", fields[27]);
        assertEquals("\\\\x" + HexFormat.of().formatHex(UserRows.hash(u)), fields[30]);

        UserRows.StageRow row = UserRows.StageRow.of(run, u);
        assertNull(row.gender());
        assertNull(row.dateOfBirth());
        assertNull(row.streetNumber());
        assertNull(row.latitude());
        assertNull(row.nationalIdName());
        assertNull(row.pictureLarge());
        assertArrayEquals(UserRows.hash(u), row.rowHash());
        assertNull(UserRows.fieldWithNul(u));
    }

    @Test
    void copyLinesEscapeTabsNewlinesAndBackslashesAndMarkNulls() {
        User u = renamed(TestUsers.user(1), "Tab\there", "Back\\slash\nline");
        UUID run = UUID.fromString("00000000-0000-4000-8000-000000000001");
        String line = new String(UserRowsEncodingTest.encoded(run, u), StandardCharsets.UTF_8);
        assertTrue(line.endsWith("\n"));
        String[] fields = line.substring(0, line.length() - 1).split("\t", -1);
        assertEquals(31, fields.length, line);
        assertEquals(run.toString(), fields[0]);
        assertEquals("Tab\\there", fields[4]);
        assertEquals("Back\\\\slash\\nline", fields[5]);
        assertEquals("1990-05-17T08:30:00.123Z", fields[8]);
        assertEquals("52.5200", fields[18]);
        assertEquals("\\N", fields[28], "no password digest");
        assertEquals("\\\\x" + HexFormat.of().formatHex(UserRows.hash(u)), fields[30]);
    }

    @Test
    void findsTheFieldPostgresCannotStore() {
        assertNull(UserRows.fieldWithNul(TestUsers.user(1)));
        assertEquals("name.last", UserRows.fieldWithNul(renamed(TestUsers.user(1), "Anna", "Mü\0ller")));
    }
}
