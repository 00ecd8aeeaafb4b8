package io.webjobs.orchestrator.domain.schedule;

import io.webjobs.orchestrator.domain.Job;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The next fire times of an expression or of a job, as the scheduler will compute them. Pure. */
public final class CronPreview {

    public static final int MAX_COUNT = 100;

    private CronPreview() {
    }

    /** Up to {@code count} occurrences strictly after {@code after}; fewer when the expression runs out. */
    public static List<Instant> next(CronExpression cron, Instant after, ZoneId zone, int count) {
        List<Instant> times = new ArrayList<>(count);
        Instant at = after;
        while (times.size() < count) {
            Optional<Instant> next = cron.next(at, zone);
            if (next.isEmpty()) {
                break;
            }
            times.add(next.get());
            at = next.get();
        }
        return times;
    }

    /** A job's coming scheduled runs: none without a schedule, when stopped, or when schedules are disabled. */
    public static List<Instant> next(Job job, ScheduleRules rules, Instant now, int count) {
        ScheduleSettings settings = ScheduleSettings.of(job.settingsJson());
        if (job.stopped() || rules.disabled() || !settings.enabled() || settings.schedule().isEmpty()) {
            return List.of();
        }
        return next(settings.schedule().get(), now, settings.zone(rules.defaultZone()), count);
    }
}
