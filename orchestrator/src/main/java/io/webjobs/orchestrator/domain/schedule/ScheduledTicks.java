package io.webjobs.orchestrator.domain.schedule;

import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobType;
import io.webjobs.avro.RunJob;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunStatusChanged;
import io.webjobs.orchestrator.domain.AppSettings;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.JobDecisions;
import io.webjobs.orchestrator.domain.JobFold;
import io.webjobs.orchestrator.domain.Run;
import io.webjobs.orchestrator.domain.RunLifecycle;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a due schedule timer does: pure, given the job, the timer's due time and now. Each occurrence
 * that fires becomes a {@code RunJob} command decided by {@link JobDecisions#decide}, exactly like a
 * manual run, with the trigger {@code Schedule - {expr}} and the occurrence as {@code dueAt}. Whatever
 * does not fire is said in the scheduler log with its reason.
 *
 * <p>Missed occurrences (the orchestrator was down, or busy) follow the job's {@code misfire}: {@code last}
 * (Kudu's rule, the default) fires the latest one if it is at most 10 minutes old (exactly 10 minutes
 * included); {@code skip} fires the latest one only if it is handled within {@link #ON_TIME} of its due time
 * (exactly included), however many older ones are pending; {@code all} fires up to
 * {@link #ALL_CAP} of them. Older ones are logged {@code Missed N schedules, most recent at T}.
 * A stopped job's timer is parked at its due time, so on start its missed occurrences follow the same rule;
 * a schedule disabled per job ({@code schedule_enabled: false}) skips and logs its ticks and never catches up;
 * one disabled by {@code WEBJOBS_DISABLE_SCHEDULE} catches up by the {@code misfire} rule once enabled again.
 *
 * <p>An occurrence that finds the job running follows its {@code concurrency}: {@code forbid} (the default)
 * skips it, {@code allow} overlaps, {@code replace} aborts the unfinished runs first (see {@link #replace}).
 */
public final class ScheduledTicks {

    static final Duration LATEST_MISSED_WINDOW = Duration.ofMinutes(10);
    static final Duration ON_TIME = Duration.ofSeconds(10);
    static final int ALL_CAP = 10;
    /**
     * Occurrences of one timer counted one by one (2 h 46 min of a per-second schedule); beyond, the log
     * says {@code more than 10000}. About 10 ms of the stream thread at most, per timer.
     */
    static final int COUNTED = 10_000;
    public static final String ISSUER = "scheduler";

    /**
     * The events to append, the scheduler log lines, and when the timer is due next (empty: drop it).
     * A parked timer keeps its due time but leaves the due range until the job starts again.
     */
    public record Outcome(List<JobEvent> events, List<String> log, Optional<Instant> nextDue, boolean parked) {
        Outcome(List<JobEvent> events, List<String> log, Optional<Instant> nextDue) {
            this(events, log, nextDue, false);
        }
    }

    private final JobFold fold;
    private final ScheduleRules rules;

    public ScheduledTicks(JobFold fold, ScheduleRules rules) {
        this.fold = fold;
        this.rules = rules;
    }

    /** The first due time of a job's timer set at {@code now}; empty when the job has no schedule. */
    public Optional<Instant> firstDue(Job job, Instant now) {
        return cron(job).flatMap(cron -> cron.next(now, zone(job)));
    }

    public Outcome tick(Job job, Instant due, Instant now) {
        return tick(job, due, now, false);
    }

    /** {@code allStopped}: WEBJOBS_STOPPED is set; ticks are skipped (and logged) like a disabled schedule's. */
    public Outcome tick(Job job, Instant due, Instant now, boolean allStopped) {
        Optional<CronExpression> schedule = cron(job);
        if (schedule.isEmpty()) {
            return new Outcome(List.of(), List.of(), Optional.empty());
        }
        CronExpression cron = schedule.get();
        ScheduleSettings settings = ScheduleSettings.of(job.settingsJson());
        Occurrences pending = occurrences(cron, zone(job), due, now);
        Deque<Instant> latest = pending.latest();
        Optional<Instant> nextDue = cron.next(now, zone(job));
        List<String> log = new ArrayList<>();
        if (job.stopped() && !rules.disabled() && settings.enabled()) {
            // Kudu counts the ticks of a stopped job as missed: keep the due time, apply misfire on start
            return new Outcome(List.of(), List.of("Schedule paused at " + due + ": job is stopped; when it starts, "
                    + "missed occurrences follow misfire '" + settings.misfire().name().toLowerCase() + "'"),
                    Optional.of(due), true);
        }
        Optional<String> off = allStopped ? Optional.of(AppSettings.STOPPED_MESSAGE + " (WEBJOBS_STOPPED=1)")
                : offReason(job, settings);
        if (off.isPresent()) {
            log.add(skipped(pending, off.get()));
            return new Outcome(List.of(), log, nextDue);
        }
        List<Instant> fire = toFire(settings.misfire(), latest, now);
        long missed = pending.count() - fire.size();
        if (missed > 0) {
            Instant mostRecent = fire.isEmpty() ? latest.peekLast() : previous(latest, fire.get(0));
            log.add("Missed " + (pending.moreThanCounted() ? pending.amount() : Long.toString(missed))
                    + " schedules, most recent at " + mostRecent);
        }
        List<JobEvent> events = new ArrayList<>();
        Job current = job;
        for (Instant at : fire) {
            JobCommand command = command(job, cron, at, now);
            List<JobEvent> replaced = settings.concurrency() == ScheduleSettings.Concurrency.REPLACE
                    ? replace(current, command, at, now) : List.of();
            List<JobEvent> decided = JobDecisions.decide(fold.applyAll(current, replaced), command, now);
            if (decided.size() == 1 && decided.get(0).getPayload() instanceof CommandRejected rejected) {
                log.add("Skipped schedule at " + at + ": " + rejected.getReason()
                        + " (concurrency " + settings.concurrency().name().toLowerCase() + ")");
                continue;
            }
            for (JobEvent event : replaced) {
                Run run = current.run(((RunStatusChanged) event.getPayload()).getRunId()).orElseThrow();
                log.add("Run " + run.runId() + " (" + run.status() + ") aborted: " + replacedReason(at) + "; "
                        + (run.runnerId() != null ? "runner " + run.runnerId() + " is told to stop it"
                                : "no runner has taken it yet; one that does is told to stop it"));
                current = fold.apply(current, event);
            }
            events.addAll(replaced);
            for (JobEvent event : decided) {
                current = fold.apply(current, event);
                if (event.getPayload() instanceof RunRequested requested) {
                    log.add("Run " + requested.getRunId() + " requested for the schedule at " + at
                            + nextDue.map(n -> "; next at " + n).orElse("; no further occurrence"));
                }
            }
            events.addAll(decided);
        }
        return new Outcome(events, log, nextDue);
    }

    /**
     * Concurrency {@code replace}, as Kubernetes' CronJob has it: every unfinished run ends {@code Aborted}
     * before the occurrence's run is requested; {@link io.webjobs.orchestrator.domain.RunStops} then tells
     * the runner holding it to stop its process.
     */
    private static List<JobEvent> replace(Job job, JobCommand command, Instant at, Instant now) {
        List<JobEvent> events = new ArrayList<>();
        for (Run run : job.runs()) {
            if (!RunLifecycle.isFinal(run.status())) {
                // runner null: the fold keeps the runner that holds the run, if one reported it
                events.add(new JobEvent(command.getCommandId() + "/replaced/" + events.size(), job.name(), now,
                        command.getCommandId(), ISSUER,
                        new RunStatusChanged(run.runId(), RunStatus.Aborted, null, replacedReason(at), null), null));
            }
        }
        return events;
    }

    public static String replacedReason(Instant occurrence) {
        return "Replaced by the schedule at " + occurrence;
    }

    private Optional<String> offReason(Job job, ScheduleSettings settings) {
        if (rules.disabled()) {
            return Optional.of("schedules are disabled (WEBJOBS_DISABLE_SCHEDULE=1)");
        }
        if (!settings.enabled()) {
            return Optional.of("the job's schedule is disabled (schedule_enabled: false)");
        }
        return Optional.empty();
    }

    private static List<Instant> toFire(ScheduleSettings.Misfire misfire, Deque<Instant> latest, Instant now) {
        Instant last = latest.peekLast();
        Duration age = Duration.between(last, now);
        return switch (misfire) {
            // <= 0: an occurrence exactly 10 minutes old still fires (ScheduledJobTopologyTest pins the boundary)
            case LAST -> age.compareTo(LATEST_MISSED_WINDOW) <= 0 ? List.of(last) : List.of();
            // the latest occurrence is on time even when older ones are pending (a hiccup): it fires, they are missed
            case SKIP -> age.compareTo(ON_TIME) <= 0 ? List.of(last) : List.of();
            case ALL -> List.copyOf(latest).subList(Math.max(0, latest.size() - ALL_CAP), latest.size());
        };
    }

    /**
     * The occurrences in [due, now]: how many (exact up to {@link #COUNTED}, else only "more than"), and the
     * latest {@link #ALL_CAP} + 1 of them, oldest first.
     */
    record Occurrences(long count, boolean moreThanCounted, Deque<Instant> latest) {
        String amount() {
            return moreThanCounted ? "more than " + COUNTED : Long.toString(count);
        }
    }

    /**
     * Counts the occurrences in [due, now] one by one up to {@link #COUNTED}. A timer further behind (a
     * per-second schedule down for days) does not walk its whole backlog on the stream thread: the latest
     * {@link #ALL_CAP} + 1 occurrences are found by a binary search, by whole seconds, for the latest start
     * that still has that many before {@code now} (each probe walks at most {@link #ALL_CAP} + 1 of them),
     * so a timer costs at most about {@code COUNTED + 40 * (ALL_CAP + 1)} {@code next} calls.
     */
    static Occurrences occurrences(CronExpression cron, ZoneId zone, Instant due, Instant now) {
        return occurrences(at -> cron.next(at, zone), due, now);
    }

    /** {@code next}: the schedule's first occurrence strictly after an instant ({@link CronExpression#next}). */
    static Occurrences occurrences(Function<Instant, Optional<Instant>> next, Instant due, Instant now) {
        Deque<Instant> latest = new ArrayDeque<>();
        long count = 0;
        Optional<Instant> at = Optional.of(due);
        while (at.isPresent() && !at.get().isAfter(now) && count < COUNTED) {
            count++;
            keep(latest, at.get());
            at = next.apply(at.get());
        }
        if (at.isEmpty() || at.get().isAfter(now)) {
            return new Occurrences(count, false, latest);
        }
        int wanted = ALL_CAP + 1;
        long lo = latest.peekLast().getEpochSecond();
        if (!hasAtLeast(next, lo, now, wanted)) {
            // fewer than ALL_CAP + 1 left: the rest is counted exactly, and cheaply
            for (; at.isPresent() && !at.get().isAfter(now); at = next.apply(at.get())) {
                count++;
                keep(latest, at.get());
            }
            return new Occurrences(count, false, latest);
        }
        // invariant: (lo, now] holds at least `wanted` occurrences, (hi, now] fewer (none after now's second)
        long hi = now.getEpochSecond();
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (hasAtLeast(next, mid, now, wanted)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        // (lo, now] holds exactly `wanted`: one more second already holds fewer, and a second holds at most one
        latest.clear();
        for (at = next.apply(Instant.ofEpochSecond(lo)); at.isPresent() && !at.get().isAfter(now);
                at = next.apply(at.get())) {
            keep(latest, at.get());
        }
        return new Occurrences(count + wanted, true, latest);
    }

    private static boolean hasAtLeast(Function<Instant, Optional<Instant>> next, long afterSecond, Instant now, int n) {
        Optional<Instant> at = Optional.of(Instant.ofEpochSecond(afterSecond));
        for (int i = 0; i < n; i++) {
            at = next.apply(at.get());
            if (at.isEmpty() || at.get().isAfter(now)) {
                return false;
            }
        }
        return true;
    }

    private static void keep(Deque<Instant> latest, Instant at) {
        latest.addLast(at);
        if (latest.size() > ALL_CAP + 1) {
            latest.removeFirst();
        }
    }

    private static Instant previous(Deque<Instant> latest, Instant firstFired) {
        Instant before = null;
        for (Instant i : latest) {
            if (i.equals(firstFired)) {
                return before;
            }
            before = i;
        }
        return before;
    }

    private static String skipped(Occurrences pending, String reason) {
        Instant mostRecent = pending.latest().peekLast();
        return pending.count() == 1 ? "Skipped schedule at " + mostRecent + ": " + reason
                : "Skipped " + pending.amount() + " schedules, most recent at " + mostRecent + ": " + reason;
    }

    private static JobCommand command(Job job, CronExpression cron, Instant at, Instant now) {
        // deterministic id: the same occurrence always yields the same events, even if a crash replays it
        return new JobCommand("schedule/" + job.key() + "/" + at.toEpochMilli(), now, ISSUER, job.name(),
                new RunJob(null, "Schedule - " + cron, at), null);
    }

    private Optional<CronExpression> cron(Job job) {
        if (job == null || job.type() != JobType.triggered) {
            return Optional.empty();
        }
        return ScheduleSettings.of(job.settingsJson()).schedule();
    }

    private ZoneId zone(Job job) {
        return ScheduleSettings.of(job.settingsJson()).zone(rules.defaultZone());
    }

    /** The key deciding whether a settings change moves the job's timer. */
    public String timerIdentity(Job job) {
        return cron(job).isEmpty() ? "" : ScheduleSettings.of(job.settingsJson()).timerIdentity(rules.defaultZone());
    }
}
