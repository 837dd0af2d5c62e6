package io.github.randomuseretl.core.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * Ticks on the UTC minutes a classic five-field cron expression names: minute, hour, day of month,
 * month, day of week. Each field takes {@code *}, numbers, ranges {@code a-b}, steps {@code *&#47;n} or
 * {@code a-b/n}, and comma lists; months and days also take names ({@code JAN}, {@code MON}); day of
 * week 0 and 7 are Sunday. As in Vixie cron, when both day fields are restricted a day matching either
 * one ticks.
 *
 * <p>A few dozen lines cover what a minute-level schedule needs, so no cron library is pulled in.
 */
public final class CronSchedule implements Schedule {

    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** Far enough to find 29 February of a leap year that is a given weekday. */
    private static final int SEARCH_YEARS = 30;

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean domRestricted;
    private final boolean dowRestricted;

    private CronSchedule(String text, String[] f) {
        this.text = text;
        this.minutes = field(f[0], 0, 59, List.of(), 0, "minute");
        this.hours = field(f[1], 0, 23, List.of(), 0, "hour");
        this.daysOfMonth = field(f[2], 1, 31, List.of(), 0, "day of month");
        this.months = field(f[3], 1, 12, MONTHS, 1, "month");
        BitSet dow = field(f[4], 0, 7, DAYS, 0, "day of week");
        if (dow.get(7)) {
            dow.set(0);
            dow.clear(7);
        }
        this.daysOfWeek = dow;
        this.domRestricted = !f[2].equals("*") && !f[2].equals("?");
        this.dowRestricted = !f[4].equals("*") && !f[4].equals("?");
    }

    /**
     * @param text five fields separated by spaces
     * @return the schedule
     * @throws IllegalArgumentException if a field is wrong or no minute ever matches
     */
    public static CronSchedule parse(String text) {
        String[] fields = text.strip().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("a cron expression has five fields, got " + fields.length + ": " + text);
        }
        CronSchedule cron = new CronSchedule(text.strip(), fields);
        if (cron.search(Instant.parse("2000-01-01T00:00:00Z")) == null) {
            throw new IllegalArgumentException("cron expression never matches: " + text);
        }
        return cron;
    }

    @Override
    public Instant nextAfter(Instant instant) {
        Instant next = search(instant);
        if (next == null) {
            throw new IllegalStateException("cron expression " + text + " has no tick within " + SEARCH_YEARS + " years of " + instant);
        }
        return next;
    }

    private Instant search(Instant after) {
        LocalDateTime t = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDateTime limit = t.plusYears(SEARCH_YEARS);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
            } else if (!dayMatches(t.toLocalDate())) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
            } else {
                return t.toInstant(ZoneOffset.UTC);
            }
        }
        return null;
    }

    private boolean dayMatches(LocalDate d) {
        boolean dom = daysOfMonth.get(d.getDayOfMonth());
        boolean dow = daysOfWeek.get(d.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : d.getDayOfWeek().getValue());
        if (domRestricted && dowRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    private static BitSet field(String spec, int min, int max, List<String> names, int nameBase, String what) {
        BitSet bits = new BitSet(max + 1);
        for (String part : spec.split(",", -1)) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), 1, max - min + 1, List.of(), 0, what + " step", spec);
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                from = min;
                to = max;
            } else {
                int dash = range.indexOf('-');
                if (dash > 0) {
                    from = number(range.substring(0, dash), min, max, names, nameBase, what, spec);
                    to = number(range.substring(dash + 1), min, max, names, nameBase, what, spec);
                } else {
                    from = number(range, min, max, names, nameBase, what, spec);
                    to = slash >= 0 ? max : from;
                }
                if (from > to) {
                    throw new IllegalArgumentException(what + " range " + range + " runs backwards in \"" + spec + '"');
                }
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int number(String text, int min, int max, List<String> names, int nameBase, String what, String spec) {
        int index = names.indexOf(text.toUpperCase(Locale.ROOT));
        if (index >= 0) {
            return index + nameBase;
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " \"" + text + "\" is not a number in \"" + spec + '"', e);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " " + value + " is outside " + min + "-" + max + " in \"" + spec + '"');
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronSchedule other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
