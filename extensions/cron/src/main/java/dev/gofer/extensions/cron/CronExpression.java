package dev.gofer.extensions.cron;

import dev.gofer.extension.sdk.ExtensionException;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A standard 5-field cron expression ({@code minute hour day-of-month month day-of-week}) with lists, ranges,
 * steps, month and day names, and the {@code @hourly}-style aliases. As in Vixie cron, when both day fields are
 * restricted a time matches if either does. Times are computed in the zone of the {@link ZonedDateTime} given,
 * so daylight-saving gaps are skipped and folds fire once.
 */
public final class CronExpression {
    private static final Map<String, String> ALIASES = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    /** Far enough for any satisfiable expression (Feb 29 on a Sunday recurs within 28 years). */
    private static final int SEARCH_YEARS = 30;

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean domRestricted;
    private final boolean dowRestricted;

    private CronExpression(String text, BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months, BitSet daysOfWeek,
                           boolean domRestricted, boolean dowRestricted) {
        this.text = text;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.domRestricted = domRestricted;
        this.dowRestricted = dowRestricted;
    }

    /** Parses or throws {@link ExtensionException#invalid} naming {@code setting} and the field that is wrong. */
    public static CronExpression parse(String setting, String expression) {
        String text = expression == null ? "" : expression.trim();
        String expanded = ALIASES.getOrDefault(text.toLowerCase(Locale.ROOT), text);
        if (expanded.startsWith("@")) {
            throw bad(setting, text, "unknown alias; use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly");
        }
        String[] f = expanded.split("\\s+");
        if (f.length != 5) {
            throw bad(setting, text, "needs 5 fields (minute hour day-of-month month day-of-week), got " + (text.isEmpty() ? 0 : f.length));
        }
        BitSet dow = field(setting, text, "day-of-week", f[4], 0, 7, DAYS);
        if (dow.get(7)) {
            dow.set(0); // 7 is Sunday too
            dow.clear(7);
        }
        CronExpression cron = new CronExpression(text,
                field(setting, text, "minute", f[0], 0, 59, null),
                field(setting, text, "hour", f[1], 0, 23, null),
                field(setting, text, "day-of-month", f[2], 1, 31, null),
                field(setting, text, "month", f[3], 1, 12, MONTHS),
                dow, !f[2].equals("*") && !f[2].startsWith("*/"), !f[4].equals("*") && !f[4].startsWith("*/"));
        if (cron.next(ZonedDateTime.now()).isEmpty()) {
            throw bad(setting, text, "never matches a real date");
        }
        return cron;
    }

    private static BitSet field(String setting, String text, String name, String spec, int min, int max, String[] names) {
        BitSet bits = new BitSet(max + 1);
        for (String part : spec.split(",", -1)) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(setting, text, name, part.substring(slash + 1), 1, max - min + 1, null);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", -1);
                if (ends.length != 2) {
                    throw bad(setting, text, name + " field: '" + part + "' is not a range like 1-5");
                }
                from = number(setting, text, name, ends[0], min, max, names);
                to = number(setting, text, name, ends[1], min, max, names);
                if (from > to) {
                    throw bad(setting, text, name + " field: range '" + range + "' goes backwards");
                }
            } else {
                from = number(setting, text, name, range, min, max, names);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int number(String setting, String text, String name, String value, int min, int max, String[] names) {
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equalsIgnoreCase(value)) {
                    return names == MONTHS ? i + 1 : i;
                }
            }
        }
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw bad(setting, text, name + " field: " + n + " is outside " + min + "-" + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(setting, text, name + " field: '" + value + "' is not a number" + (names == null ? "" : " or name"));
        }
    }

    private static ExtensionException bad(String setting, String text, String why) {
        return ExtensionException.invalid("setting '" + setting + "': '" + text + "' is not a valid cron expression: " + why);
    }

    /** The first matching minute strictly after {@code after}, in its zone; empty if none within 30 years. */
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime limit = after.plusYears(SEARCH_YEARS);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
            } else if (!dayMatches(t)) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
            } else {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
        if (domRestricted && dowRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    @Override
    public String toString() {
        return text;
    }
}
