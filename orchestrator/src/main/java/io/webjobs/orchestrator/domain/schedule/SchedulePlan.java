package io.webjobs.orchestrator.domain.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * What a task's timers were last planned under: the default zone ({@code WEBSITE_TIME_ZONE}) and, while
 * {@code WEBJOBS_DISABLE_SCHEDULE} is on, since when. When the app settings change, the timers are planned
 * again once (not on every tick): a new zone moves the timers of schedules without their own
 * {@code time_zone}; enabling schedules again puts each timer back at its first occurrence skipped while
 * disabled, so the missed-tick rule (the job's {@code misfire}) decides what fires, as after an outage.
 */
public record SchedulePlan(ZoneId zone, Optional<Instant> disabledSince) {

    /** The plan for the rules in force at {@code now}, following {@code previous}. */
    public static SchedulePlan of(ScheduleRules rules, Optional<SchedulePlan> previous, Instant now) {
        Optional<Instant> since = rules.disabled()
                ? Optional.of(previous.flatMap(SchedulePlan::disabledSince).orElse(now)) : Optional.empty();
        return new SchedulePlan(rules.defaultZone(), since);
    }

    public boolean zoneChangedFrom(Optional<SchedulePlan> previous) {
        return previous.isEmpty() || !previous.get().zone.equals(zone);
    }

    /** When schedules were disabled, if this plan enables them again. */
    public Optional<Instant> resumesFrom(Optional<SchedulePlan> previous) {
        return disabledSince.isPresent() ? Optional.empty() : previous.flatMap(SchedulePlan::disabledSince);
    }

    /**
     * Where a timer due at {@code due} goes when schedules are enabled again: its first occurrence at or
     * after {@code disabledSince}, if that one is earlier than {@code due} and already past.
     */
    public static Optional<Instant> resumeAt(CronExpression cron, ZoneId zone, Instant disabledSince, Instant due,
            Instant now) {
        return cron.next(disabledSince.minusMillis(1), zone).filter(at -> at.isBefore(due) && !at.isAfter(now));
    }

    public String encode() {
        return zone.getId() + "|" + disabledSince.map(i -> Long.toString(i.toEpochMilli())).orElse("");
    }

    /** Empty for a value this version cannot read: the timers are then planned again, which is always safe. */
    public static Optional<SchedulePlan> decode(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int bar = text.lastIndexOf('|');
        try {
            String since = text.substring(bar + 1);
            return Optional.of(new SchedulePlan(ZoneId.of(text.substring(0, bar)), since.isEmpty() ? Optional.empty()
                    : Optional.of(Instant.ofEpochMilli(Long.parseLong(since)))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
