package io.webjobs.orchestrator.domain.schedule;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * Orchestrator-wide schedule settings: {@code WEBJOBS_DISABLE_SCHEDULE=1} turns every schedule off (ticks
 * are then skipped and logged), {@code WEBSITE_TIME_ZONE} is the zone of jobs without a {@code time_zone},
 * and {@code tickEvery} is how often the scheduler looks for due timers (at most 100 ms).
 */
public record ScheduleRules(boolean disabled, ZoneId defaultZone, Duration tickEvery) {

    /** The bounds of {@code tickEvery}, both included: below 1 ms the stream thread would only punctuate. */
    public static final Duration FASTEST_TICK = Duration.ofMillis(1);
    public static final Duration SLOWEST_TICK = Duration.ofMillis(100);

    public static final ScheduleRules DEFAULT = new ScheduleRules(false, ZoneId.of("UTC"), Duration.ofMillis(20));

    public ScheduleRules {
        Objects.requireNonNull(defaultZone, "defaultZone");
        Objects.requireNonNull(tickEvery, "tickEvery");
        // compared as durations: toMillis() would let 0.5 ms (0) and 100.9 ms (100) through
        if (tickEvery.compareTo(FASTEST_TICK) < 0 || tickEvery.compareTo(SLOWEST_TICK) > 0) {
            throw new IllegalArgumentException("the scheduler must look for due timers every 1-100 ms, not "
                    + tickEvery.toNanos() / 1_000_000.0 + " ms");
        }
    }

    /** From the process environment: {@code WEBJOBS_DISABLE_SCHEDULE} and {@code WEBSITE_TIME_ZONE}. */
    public static ScheduleRules fromEnvironment(Map<String, String> env) {
        String disable = env.getOrDefault("WEBJOBS_DISABLE_SCHEDULE", "");
        String zone = env.get("WEBSITE_TIME_ZONE");
        return new ScheduleRules(disable.equals("1") || disable.equalsIgnoreCase("true"),
                zone == null || zone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(zone), DEFAULT.tickEvery());
    }
}
