package io.webjobs.orchestrator.domain;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Kudu's run ids: the UTC time as {@code yyyyMMddHHmmssffff} (18 digits). Two runs requested within
 * the same 0.1 ms get consecutive ids, so ids stay unique and ordered per job.
 */
public final class RunIds {

    private static final int TICK_NANOS = 100_000;
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
            .withZone(ZoneOffset.UTC);

    private RunIds() {
    }

    public static String next(Instant now, Optional<String> latest) {
        String candidate = format(now);
        if (latest.isPresent() && latest.get().length() == candidate.length()
                && candidate.compareTo(latest.get()) <= 0) {
            // Bump by one tick of time (not by one as a number), so the id still reads as a UTC time.
            return format(parse(latest.get()).plusNanos(TICK_NANOS));
        }
        return candidate;
    }

    /** The digits as one number: a run is requested per run command, and a formatter per id was slow. */
    private static String format(Instant time) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(time.getEpochSecond(), time.getNano(), ZoneOffset.UTC);
        long date = (t.getYear() * 100L + t.getMonthValue()) * 100L + t.getDayOfMonth();
        long clock = (t.getHour() * 100L + t.getMinute()) * 100L + t.getSecond();
        return Long.toString((date * 1_000_000L + clock) * 10_000L + time.getNano() / TICK_NANOS);
    }

    private static Instant parse(String runId) {
        Instant seconds = LocalDateTime.parse(runId.substring(0, 14), SECONDS).toInstant(ZoneOffset.UTC);
        return seconds.plusNanos(Long.parseLong(runId.substring(14)) * TICK_NANOS);
    }
}
