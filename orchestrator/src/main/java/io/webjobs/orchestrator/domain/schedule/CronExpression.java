package io.webjobs.orchestrator.domain.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * An NCrontab expression, the schedule language of WebJobs: {@code second minute hour day month
 * day-of-week}, or five fields without the seconds. Unlike Unix cron, day-of-month and day-of-week
 * must both match (NCrontab's AND), so {@code 0 45 16 1 * Mon} fires only on a 1st that is a Monday.
 * Day-of-week runs 0-6 with Sunday 0; 7 and Quartz's {@code ? L W #} are refused.
 *
 * <p>Occurrences are local wall-clock times of a zone, always strictly after the reference. Across
 * daylight-saving changes a local time that does not exist (spring forward) is skipped, and one that
 * occurs twice (fall back) fires once, at its first occurrence.
 */
public final class CronExpression {

    /** How far ahead a search goes before answering "never" (e.g. {@code 31 Feb}); covers every leap-day cycle. */
    private static final int SEARCH_YEARS = 400;

    private final String text;
    private final long seconds;
    private final long minutes;
    private final long hours;
    private final long days;
    private final long months;
    private final long weekdays;

    private CronExpression(String text, long seconds, long minutes, long hours, long days, long months,
            long weekdays) {
        this.text = text;
        this.seconds = seconds;
        this.minutes = minutes;
        this.hours = hours;
        this.days = days;
        this.months = months;
        this.weekdays = weekdays;
    }

    /** Parses five or six fields; throws {@link InvalidCronException} naming the field at fault. */
    public static CronExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidCronException("The schedule is empty; expected 6 fields "
                    + "(second minute hour day month day-of-week) or 5 (without the second).");
        }
        List<String> fields = List.of(text.trim().split("\\s+"));
        if (fields.size() != 5 && fields.size() != 6) {
            throw new InvalidCronException("The schedule '" + text + "' has " + fields.size()
                    + " fields; expected 6 (second minute hour day month day-of-week) or 5 (without the second).");
        }
        int i = fields.size() == 6 ? 1 : 0;
        long seconds = i == 1 ? CronField.SECOND.parse(fields.get(0)) : 1L;
        return new CronExpression(text.trim(), seconds, CronField.MINUTE.parse(fields.get(i)),
                CronField.HOUR.parse(fields.get(i + 1)), CronField.DAY.parse(fields.get(i + 2)),
                CronField.MONTH.parse(fields.get(i + 3)), CronField.DAY_OF_WEEK.parse(fields.get(i + 4)));
    }

    /** The first occurrence strictly after {@code after}, in the given zone; empty if there is none. */
    public Optional<Instant> next(Instant after, ZoneId zone) {
        var rules = zone.getRules();
        LocalDateTime from = LocalDateTime.ofInstant(after, zone);
        while (true) {
            Optional<LocalDateTime> local = nextLocal(from);
            if (local.isEmpty()) {
                return Optional.empty();
            }
            from = local.get();
            List<ZoneOffset> offsets = rules.getValidOffsets(from);
            if (offsets.isEmpty()) {
                continue; // in a spring-forward gap: this wall-clock time never happens
            }
            // in a fall-back overlap the first occurrence fires; the repeat is already behind the reference
            Instant first = from.toInstant(offsets.get(0)).isBefore(from.toInstant(offsets.get(offsets.size() - 1)))
                    ? from.toInstant(offsets.get(0)) : from.toInstant(offsets.get(offsets.size() - 1));
            if (first.isAfter(after)) {
                return Optional.of(first);
            }
        }
    }

    /** The first matching wall-clock time strictly after {@code after}, ignoring zones. */
    public Optional<LocalDateTime> nextLocal(LocalDateTime after) {
        LocalDateTime t = after.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        int lastYear = after.getYear() + SEARCH_YEARS;
        while (t.getYear() <= lastYear) {
            int month = nextBit(months, t.getMonthValue());
            if (month != t.getMonthValue()) {
                t = month < 0 ? LocalDate.of(t.getYear() + 1, 1, 1).atStartOfDay()
                        : LocalDate.of(t.getYear(), month, 1).atStartOfDay();
                continue;
            }
            if (!dayMatches(t.toLocalDate())) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
                continue;
            }
            int hour = nextBit(hours, t.getHour());
            if (hour != t.getHour()) {
                t = hour < 0 ? t.toLocalDate().plusDays(1).atStartOfDay() : t.toLocalDate().atTime(hour, 0);
                continue;
            }
            int minute = nextBit(minutes, t.getMinute());
            if (minute != t.getMinute()) {
                t = minute < 0 ? t.truncatedTo(ChronoUnit.HOURS).plusHours(1) : t.withMinute(minute).withSecond(0);
                continue;
            }
            int second = nextBit(seconds, t.getSecond());
            if (second != t.getSecond()) {
                t = second < 0 ? t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1) : t.withSecond(second);
                continue;
            }
            return Optional.of(t);
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDate date) {
        return (days & 1L << date.getDayOfMonth()) != 0
                && (weekdays & 1L << (date.getDayOfWeek().getValue() % 7)) != 0;
    }

    /** The smallest allowed value at or above {@code from}, or -1. */
    private static int nextBit(long bits, int from) {
        long rest = bits & (-1L << from);
        return rest == 0 ? -1 : Long.numberOfTrailingZeros(rest);
    }

    @Override
    public String toString() {
        return text;
    }
}
