package io.github.randomuseretl.adapter.postgres;

import io.github.randomuseretl.core.model.Coordinates;
import io.github.randomuseretl.core.model.Gender;
import io.github.randomuseretl.core.model.Location;
import io.github.randomuseretl.core.model.NationalId;
import io.github.randomuseretl.core.model.PasswordDigest;
import io.github.randomuseretl.core.model.PersonName;
import io.github.randomuseretl.core.model.Pictures;
import io.github.randomuseretl.core.model.TimeZone;
import io.github.randomuseretl.core.model.User;
import io.github.randomuseretl.core.testing.TestUsers;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Users for the tests and the benchmark: the core's fixtures, changed copies of them, and many
 * distinct realistic users with non-ASCII text in several scripts (no dependency on the randomuser
 * adapter).
 */
final class SampleUsers {

    private static final String[][] PEOPLE = {
        {"Ms", "Anna", "Müller", "Grüner Weg", "Düsseldorf", "Nordrhein-Westfalen", "Germany", "DE", "+01:00"},
        {"Mr", "Søren", "Østergård", "Åboulevarden", "Århus", "Midtjylland", "Denmark", "DK", "+01:00"},
        {"Mrs", "Zoë", "Lefèvre", "Rue de l'Église", "Besançon", "Doubs", "France", "FR", "+01:00"},
        {"Mr", "Ярослав", "Шевченко", "Хрещатик", "Київ", "Київська", "Ukraine", "UA", "+02:00"},
        {"Ms", "آرمیتا", "احمدی", "خیابان ولیعصر", "تهران", "تهران", "Iran", "IR", "+03:30"},
        {"Mr", "Богдан", "Јовановић", "Кнез Михаилова", "Београд", "Србија", "Serbia", "RS", "+01:00"},
        {"Miss", "Ayşe", "Öztürk", "İstiklal Cd", "İstanbul", "Marmara", "Turkey", "TR", "+03:00"},
        {"Mr", "Nils", "Ødegård", "Storgata", "Tromsø", "Troms", "Norway", "NO", "+01:00"},
        {"Ms", "Aroha", "Te Whāiti", "Kāpiti Road", "Whangārei", "Northland", "New Zealand", "NZ", "+12:00"},
        {"Mr", "Emmett", "O'Brien", "Main St\t(rear)", "Saint-Jérôme", "Québec", "Canada", "CA", "-05:00"},
        {"Mx", "Brick", "Builder", "Plate Lane", "Billund", "", null, "LEGO", "+01:00"},
    };

    private SampleUsers() {
    }

    /** @return the core's fixture user {@code n} */
    static User user(int n) {
        return TestUsers.user(n);
    }

    /** @return users 1..count of the core's fixtures */
    static List<User> users(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(TestUsers::user).toList();
    }

    /** @return the same user with another e-mail address */
    static User withEmail(User u, String email) {
        return new User(u.uuid(), u.username(), u.name(), u.gender(), email, u.dateOfBirth(), u.registeredAt(), u.phone(),
                u.cell(), u.location(), u.nationalId(), u.pictures(), u.nationality(), u.passwordDigest());
    }

    /**
     * @return fixture user {@code n} with only the parts a user always has (identity, name, e-mail,
     *         nationality), as randomuser.me sends it for {@code inc=name,email,login,nat}
     *         (testdata/randomuser/v1.4/inc-name-email-login-nat-results-100.json)
     */
    static User narrow(int n) {
        User u = TestUsers.user(n);
        return new User(u.uuid(), u.username(), u.name(), null, u.email(), null, null, null, null, null, null, null,
                u.nationality(), null);
    }

    /** @return the same user with another landline, {@code null} for one left out */
    static User withPhone(User u, String phone) {
        return new User(u.uuid(), u.username(), u.name(), u.gender(), u.email(), u.dateOfBirth(), u.registeredAt(), phone,
                u.cell(), u.location(), u.nationalId(), u.pictures(), u.nationality(), u.passwordDigest());
    }

    /** @return the same user with another national id, {@code null} for one left out */
    static User withNationalId(User u, NationalId id) {
        return new User(u.uuid(), u.username(), u.name(), u.gender(), u.email(), u.dateOfBirth(), u.registeredAt(), u.phone(),
                u.cell(), u.location(), id, u.pictures(), u.nationality(), u.passwordDigest());
    }

    /** @return fixture user {@code n} as a LEGO user: no country, born on New Year's Day 1950 */
    static User lego(int n) {
        User u = TestUsers.user(n);
        Location l = u.location();
        Location nowhere = new Location(l.streetNumber(), l.streetName(), l.city(), l.state(), null, l.postcode(), l.coordinates(), l.timeZone());
        return new User(u.uuid(), u.username(), u.name(), u.gender(), u.email(), Instant.parse("1950-01-01T12:00:00Z"), u.registeredAt(),
                u.phone(), u.cell(), nowhere, u.nationalId(), u.pictures(), "LEGO", u.passwordDigest());
    }

    /** @return the same user born and registered at other instants, {@code null} for one left out */
    static User withDates(User u, Instant dateOfBirth, Instant registeredAt) {
        return new User(u.uuid(), u.username(), u.name(), u.gender(), u.email(), dateOfBirth, registeredAt, u.phone(), u.cell(),
                u.location(), u.nationalId(), u.pictures(), u.nationality(), u.passwordDigest());
    }

    /** @return the same user of another nationality */
    static User withNationality(User u, String nationality) {
        return new User(u.uuid(), u.username(), u.name(), u.gender(), u.email(), u.dateOfBirth(), u.registeredAt(), u.phone(),
                u.cell(), u.location(), u.nationalId(), u.pictures(), nationality, u.passwordDigest());
    }

    /** @return the same user with another latitude */
    static User withLatitude(User u, String latitude) {
        Location l = u.location();
        Location moved = new Location(l.streetNumber(), l.streetName(), l.city(), l.state(), l.country(), l.postcode(),
                new Coordinates(new BigDecimal(latitude), l.coordinates().longitude()), l.timeZone());
        return new User(u.uuid(), u.username(), u.name(), u.gender(), u.email(), u.dateOfBirth(), u.registeredAt(), u.phone(),
                u.cell(), moved, u.nationalId(), u.pictures(), u.nationality(), u.passwordDigest());
    }

    /**
     * A distinct, realistic user: names, streets and cities in Latin with diacritics, Cyrillic and
     * Persian scripts, a LEGO user without country, national ids with and without value, some with a
     * password digest. The same {@code n} and seed give the same user.
     */
    static User varied(long n, long seed) {
        Random r = new Random(seed * 1_000_003L + n);
        String[] p = PEOPLE[(int) (n % PEOPLE.length)];
        UUID uuid = new UUID(r.nextLong() & 0xffffffffffff0fffL | 0x0000000000004000L, r.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L);
        Gender gender = r.nextBoolean() ? Gender.FEMALE : Gender.MALE;
        String first = p[1];
        String last = p[2];
        String username = "user" + Long.toString(n, 36) + "x" + r.nextInt(1000);
        String email = ascii(first) + "." + ascii(last) + n + "@example.com";
        Instant dob = Instant.parse("1950-01-01T00:00:00Z").plusSeconds((long) (r.nextDouble() * 1.6e9)).plusMillis(r.nextInt(1000));
        Instant registered = Instant.parse("2002-01-01T00:00:00Z").plusSeconds((long) (r.nextDouble() * 7e8)).plusMillis(r.nextInt(1000));
        BigDecimal lat = BigDecimal.valueOf(r.nextInt(1_800_001) - 900_000, 4);
        BigDecimal lon = BigDecimal.valueOf(r.nextInt(3_600_001) - 1_800_000, 4);
        boolean noId = p[7].equals("IR") || p[7].equals("TR") || p[7].equals("UA") || p[7].equals("NZ");
        NationalId id = noId ? new NationalId("", null) : new NationalId("SSN", r.nextInt(1000) + "-" + r.nextInt(100) + "-" + r.nextInt(10000));
        String portrait = (gender == Gender.FEMALE ? "women/" : "men/") + r.nextInt(100) + ".jpg";
        PasswordDigest digest = n % 7 == 0 ? new PasswordDigest("s@lt" + r.nextInt(1000), hex64(r)) : null;
        String postcode = p[7].equals("CA") ? "T9E " + r.nextInt(10) + "P" + r.nextInt(10) : String.format("%05d", r.nextInt(100_000));
        return new User(uuid, username, new PersonName(p[0], first, last), gender, email, dob, registered,
                "(" + r.nextInt(1000) + ") " + r.nextInt(1000) + "-" + r.nextInt(10_000), "0" + r.nextInt(1_000_000_000),
                new Location(r.nextInt(9999), p[3], p[4], p[5], p[6], postcode, new Coordinates(lat, lon),
                        new TimeZone(p[8], "Zone near " + p[4])),
                id, new Pictures(URI.create("https://randomuser.me/api/portraits/" + portrait),
                        URI.create("https://randomuser.me/api/portraits/med/" + portrait),
                        URI.create("https://randomuser.me/api/portraits/thumb/" + portrait)),
                p[7], digest);
    }

    /** @return {@code count} distinct varied users */
    static List<User> many(int count, long seed) {
        List<User> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            users.add(varied((long) i, seed));
        }
        return users;
    }

    private static String ascii(String s) {
        String a = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("[^A-Za-z]", "").toLowerCase(java.util.Locale.ROOT);
        return a.isEmpty() ? "u" : a;
    }

    private static String hex64(Random r) {
        StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i < 64; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }
}
