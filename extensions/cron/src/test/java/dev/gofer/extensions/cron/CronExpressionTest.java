package dev.gofer.extensions.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.extension.sdk.ExtensionException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronExpressionTest {
    private static final ZoneId UTC = ZoneId.of("UTC");

    private static ZonedDateTime at(String iso) {
        return ZonedDateTime.parse(iso);
    }

    private static ZonedDateTime next(String expr, String after) {
        return CronExpression.parse("expression", expr).next(at(after)).orElseThrow();
    }

    @Test
    void everyMinuteIsTheNextMinute() {
        assertEquals(at("2026-01-01T00:01Z[UTC]"), next("* * * * *", "2026-01-01T00:00:30Z[UTC]"));
    }

    @Test
    void stepsRangesListsAndNames() {
        assertEquals(at("2026-01-01T00:15Z[UTC]"), next("*/15 * * * *", "2026-01-01T00:00Z[UTC]"));
        assertEquals(at("2026-01-05T03:00Z[UTC]"), next("0 3 * * MON-FRI", "2026-01-03T04:00Z[UTC]")); // Sat → Mon
        assertEquals(at("2026-03-01T00:00Z[UTC]"), next("0 0 1 mar,jun *", "2026-01-15T00:00Z[UTC]"));
        assertEquals(at("2026-01-01T10:30Z[UTC]"), next("30 10-12/2 * * *", "2026-01-01T00:00Z[UTC]"));
        assertEquals(at("2026-01-04T00:00Z[UTC]"), next("0 0 * * 7", "2026-01-01T00:00Z[UTC]")); // 7 = Sunday
    }

    @Test
    void aliases() {
        assertEquals(at("2026-01-01T01:00Z[UTC]"), next("@hourly", "2026-01-01T00:10Z[UTC]"));
        assertEquals(at("2027-01-01T00:00Z[UTC]"), next("@yearly", "2026-01-01T00:10Z[UTC]"));
        assertEquals(at("2026-01-04T00:00Z[UTC]"), next("@weekly", "2026-01-01T00:10Z[UTC]"));
    }

    @Test
    void eitherDayFieldMatchesWhenBothAreRestricted() {
        // the 13th, or any Friday: 2026-02-06 is a Friday before the 13th
        assertEquals(at("2026-02-06T00:00Z[UTC]"), next("0 0 13 * FRI", "2026-02-01T00:00Z[UTC]"));
    }

    @Test
    void leapDayAndTimeZones() {
        assertEquals(at("2028-02-29T00:00Z[UTC]"), next("0 0 29 2 *", "2026-01-01T00:00Z[UTC]"));
        ZonedDateTime berlin = CronExpression.parse("expression", "0 9 * * *")
                .next(ZonedDateTime.of(2026, 6, 1, 10, 0, 0, 0, ZoneId.of("Europe/Berlin"))).orElseThrow();
        assertEquals(at("2026-06-02T07:00Z[UTC]").toInstant(), berlin.toInstant());
    }

    @Test
    void badExpressionsNameTheSettingAndTheField() {
        String[][] cases = {
                {"61 * * * *", "minute"}, {"* 24 * * *", "hour"}, {"* * 0 * *", "day-of-month"}, {"* * * 13 *", "month"},
                {"* * * * 8", "day-of-week"}, {"* * *", "5 fields"}, {"@sometimes", "alias"}, {"5-1 * * * *", "backwards"},
                {"* * 30 2 *", "never matches"}, {"x * * * *", "not a number"}, {"*/0 * * * *", "outside"}};
        for (String[] c : cases) {
            ExtensionException e = assertThrows(ExtensionException.class, () -> CronExpression.parse("expression", c[0]), c[0]);
            assertTrue(e.getMessage().startsWith("setting 'expression'") && e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
        }
    }
}
