package io.webjobs.orchestrator.domain.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** NCrontab's rules, each with the occurrences it must produce. */
class CronExpressionTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void shouldRequireBothDayOfMonthAndDayOfWeek() {
        // 2003: the 1st is a Monday in September and December only
        assertThat(next("0 45 16 1 * Mon", "2003-01-01T00:00:00", 3))
                .containsExactly("2003-09-01T16:45:00", "2003-12-01T16:45:00", "2004-03-01T16:45:00");
    }

    @Test
    void shouldNeverFireOnADayTheMonthLacks() {
        assertThat(next("0 0 0 31 Feb *", "2003-01-01T00:00:00", 1)).isEmpty();
        assertThat(next("0 0 0 30 2 *", "2003-01-01T00:00:00", 1)).isEmpty();
    }

    @Test
    void shouldFireOnTheLeapDayOnlyInLeapYears() {
        assertThat(next("0 0 12 29 Feb *", "2003-01-01T00:00:00", 2))
                .containsExactly("2004-02-29T12:00:00", "2008-02-29T12:00:00");
    }

    @Test
    void shouldBeStrictlyAfterTheReference() {
        assertThat(next("0 0 * * * *", "2003-01-01T00:00:00", 1)).containsExactly("2003-01-01T01:00:00");
        assertThat(next("* * * * * *", "2003-01-01T00:00:00", 2))
                .containsExactly("2003-01-01T00:00:01", "2003-01-01T00:00:02");
        Instant halfSecond = Instant.parse("2003-01-01T00:00:00.500Z");
        assertThat(CronExpression.parse("* * * * * *").next(halfSecond, UTC))
                .contains(Instant.parse("2003-01-01T00:00:01Z"));
    }

    @Test
    void shouldReadFiveFieldsAsMinuteResolution() {
        assertThat(next("*/15 * * * *", "2003-01-01T00:00:00", 3))
                .containsExactly("2003-01-01T00:15:00", "2003-01-01T00:30:00", "2003-01-01T00:45:00");
    }

    @Test
    void shouldReadSixFieldsWithSeconds() {
        assertThat(next("*/20 * * * * *", "2003-01-01T00:00:00", 3))
                .containsExactly("2003-01-01T00:00:20", "2003-01-01T00:00:40", "2003-01-01T00:01:00");
    }

    @Test
    void shouldStepFromAStartToTheMaximum() {
        assertThat(next("0 50/4 * * * *", "2003-01-01T00:00:00", 4))
                .containsExactly("2003-01-01T00:50:00", "2003-01-01T00:54:00", "2003-01-01T00:58:00",
                        "2003-01-01T01:50:00");
    }

    @Test
    void shouldStepWithinARangeAndCombineLists() {
        assertThat(next("0 0 1-9/4,23 * * *", "2003-01-01T00:00:00", 5)).containsExactly("2003-01-01T01:00:00",
                "2003-01-01T05:00:00", "2003-01-01T09:00:00", "2003-01-01T23:00:00", "2003-01-02T01:00:00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 0 12 * Jan *", "0 0 12 * JANUARY *", "0 0 12 * j *", "0 0 12 * 1 *"})
    void shouldMatchMonthNamesByAnyCaseInsensitivePrefix(String expression) {
        assertThat(next(expression, "2003-02-01T00:00:00", 1)).containsExactly("2004-01-01T12:00:00");
    }

    @Test
    void shouldAcceptSeptAndDayNameRanges() {
        assertThat(next("0 0 0 * sept MON-fri", "2003-01-01T00:00:00", 2))
                .containsExactly("2003-09-01T00:00:00", "2003-09-02T00:00:00");
        assertThat(next("0 0 0 * * sat,SUN", "2003-01-01T00:00:00", 2))
                .containsExactly("2003-01-04T00:00:00", "2003-01-05T00:00:00");
    }

    @Test
    void shouldReadASingleLetterDayOfWeekAsTheFirstDayNameItStartsSoWIsWednesday() {
        // NCrontab's prefix rule: W is Wednesday, not Quartz's "nearest weekday"; T is Tuesday, S Sunday
        assertThat(next("0 0 12 * * W", "2003-01-01T00:00:00", 2))
                .containsExactly("2003-01-01T12:00:00", "2003-01-08T12:00:00");
        assertThat(next("0 0 12 * * w", "2003-01-02T00:00:00", 1)).containsExactly("2003-01-08T12:00:00");
        assertThat(next("0 0 12 * * T", "2003-01-01T00:00:00", 1)).containsExactly("2003-01-07T12:00:00");
        assertThat(next("0 0 12 * * S", "2003-01-01T00:00:00", 1)).containsExactly("2003-01-05T12:00:00");
    }

    @Test
    void shouldRejectWInDayOfMonthNamingTheFieldThoughItIsWednesdayInDayOfWeek() {
        assertThatThrownBy(() -> CronExpression.parse("0 0 12 15W * *")).isInstanceOf(InvalidCronException.class)
                .hasMessage("Invalid day-of-month field '15W': 'W' is not supported (NCrontab has no ? L W #).");
        assertThatThrownBy(() -> CronExpression.parse("0 0 12 W * *"))
                .hasMessage("Invalid day-of-month field 'W': 'W' is not supported (NCrontab has no ? L W #).");
        assertThat(CronExpression.parse("0 0 12 * * W").next(Instant.parse("2003-01-01T00:00:00Z"), UTC))
                .contains(Instant.parse("2003-01-01T12:00:00Z"));
    }

    @Test
    void shouldTreatSundayAsZero() {
        assertThat(next("0 0 0 * * 0", "2003-01-01T00:00:00", 1)).containsExactly("2003-01-05T00:00:00");
        assertThat(next("0 0 0 * * 6", "2003-01-01T00:00:00", 1)).containsExactly("2003-01-04T00:00:00");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 0 0 * * 7|Invalid day-of-week field '7': 7 is outside 0-6.",
        "0 0 0 ? * *|Invalid day-of-month field '?': '?' is not supported (NCrontab has no ? L W #).",
        "0 0 0 L * *|Invalid day-of-month field 'L': 'L' is not supported (NCrontab has no ? L W #).",
        "0 0 0 15W * *|Invalid day-of-month field '15W': 'W' is not supported (NCrontab has no ? L W #).",
        "0 0 0 * * 5L|Invalid day-of-week field '5L': 'L' is not supported (NCrontab has no ? L W #).",
        "0 0 0 * * 1#2|Invalid day-of-week field '1#2': '#' is not supported (NCrontab has no ? L W #).",
        "60 * * * * *|Invalid second field '60': 60 is outside 0-59.",
        "0 0 24 * * *|Invalid hour field '24': 24 is outside 0-23.",
        "0 0 0 0 * *|Invalid day-of-month field '0': 0 is outside 1-31.",
        "0 0 0 * 13 *|Invalid month field '13': 13 is outside 1-12.",
        "0 0 0 * Foo *|Invalid month field 'Foo': 'Foo' is not a month name.",
        "0 0 0 * * */0|Invalid day-of-week field '*/0': the step must be at least 1.",
        "0 0 5-1 * * *|Invalid hour field '5-1': the range 5-1 runs backwards.",
        "0 0 1,,2 * * *|Invalid hour field '1,,2': an empty list item.",
        "* * * *|The schedule '* * * *' has 4 fields; expected 6 (second minute hour day month day-of-week) or 5 (without the second).",
        "* * * * * * *|The schedule '* * * * * * *' has 7 fields; expected 6 (second minute hour day month day-of-week) or 5 (without the second).",
    })
    void shouldRejectWhatNCrontabRejectsNamingTheField(String expression, String message) {
        assertThatThrownBy(() -> CronExpression.parse(expression))
                .isInstanceOf(InvalidCronException.class)
                .hasMessage(message);
    }

    @Test
    void shouldRejectAnEmptySchedule() {
        assertThatThrownBy(() -> CronExpression.parse(" ")).isInstanceOf(InvalidCronException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void shouldSkipALocalTimeThatDoesNotExist() {
        // 2021-03-14: New York springs forward from 02:00 to 03:00; 02:30 does not happen that day
        List<Instant> fires = nextIn("0 30 2 * * *", NEW_YORK, Instant.parse("2021-03-13T12:00:00Z"), 2);

        assertThat(fires).containsExactly(Instant.parse("2021-03-15T06:30:00Z"), Instant.parse("2021-03-16T06:30:00Z"));
    }

    @Test
    void shouldFireOnceForALocalTimeThatHappensTwice() {
        // 2021-11-07: New York falls back from 02:00 EDT to 01:00 EST; 01:30 happens twice
        List<Instant> fires = nextIn("0 30 1 * * *", NEW_YORK, Instant.parse("2021-11-06T12:00:00Z"), 2);

        assertThat(fires).containsExactly(Instant.parse("2021-11-07T05:30:00Z"), Instant.parse("2021-11-08T06:30:00Z"));
    }

    @Test
    void shouldNotRepeatTheOverlapForAFrequentSchedule() {
        // every 30 minutes across the fall-back hour: 00:30, 01:00, 01:30 (EDT), then 02:00 EST
        List<Instant> fires = nextIn("0 */30 * * * *", NEW_YORK, Instant.parse("2021-11-07T04:00:00Z"), 4);

        assertThat(fires).containsExactly(Instant.parse("2021-11-07T04:30:00Z"), Instant.parse("2021-11-07T05:00:00Z"),
                Instant.parse("2021-11-07T05:30:00Z"), Instant.parse("2021-11-07T07:00:00Z"));
    }

    @Test
    void shouldEvaluateInTheGivenZone() {
        assertThat(CronExpression.parse("0 0 9 * * *").next(Instant.parse("2021-07-01T00:00:00Z"), NEW_YORK))
                .contains(Instant.parse("2021-07-01T13:00:00Z"));
    }

    private static List<String> next(String expression, String from, int count) {
        List<String> out = new ArrayList<>();
        for (Instant i : nextIn(expression, UTC, LocalDateTime.parse(from).toInstant(ZoneOffset.UTC), count)) {
            out.add(LocalDateTime.ofInstant(i, UTC).toString().length() == 16
                    ? LocalDateTime.ofInstant(i, UTC) + ":00" : LocalDateTime.ofInstant(i, UTC).toString());
        }
        return out;
    }

    private static List<Instant> nextIn(String expression, ZoneId zone, Instant from, int count) {
        CronExpression cron = CronExpression.parse(expression);
        List<Instant> out = new ArrayList<>();
        Instant at = from;
        for (int i = 0; i < count; i++) {
            Optional<Instant> next = cron.next(at, zone);
            if (next.isEmpty()) {
                break;
            }
            out.add(next.get());
            at = next.get();
        }
        return out;
    }
}
