package io.webjobs.orchestrator.topology;

import io.webjobs.avro.JobEvent;
import io.webjobs.avro.LogBatch;
import io.webjobs.avro.LogLevel;
import io.webjobs.avro.LogLine;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.schedule.CronExpression;
import io.webjobs.orchestrator.domain.schedule.SchedulePlan;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
import io.webjobs.orchestrator.domain.schedule.ScheduleSettings;
import io.webjobs.orchestrator.domain.schedule.ScheduledTicks;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The scheduler side of {@link JobProcessor}: keeps each job's timer in step with its settings, and on
 * the wall-clock punctuation turns the due timers into events through {@link ScheduledTicks}. Runs on
 * the stream thread that owns the jobs, so a tick and a command of the same job never race.
 */
final class JobScheduler {

    /** The run id under which the scheduler log of a job is kept on {@code webjobs.logs}. */
    static final String LOG_ID = "scheduler";
    /**
     * Due timers handled per punctuation. A burst larger than this spreads over the next punctuations
     * (tens of ms apart) so the stream thread still polls and commits, and a transaction never grows
     * towards its timeout.
     */
    static final int MAX_PER_PUNCTUATION = 2_000;

    /** How the processor appends events, folds them and emits run requests. */
    interface Appender {
        Job append(String key, Job job, List<JobEvent> events, Instant now);
    }

    private final ProcessorContext<String, SpecificRecord> context;
    private final TaskJobs jobs;
    private final SettingsInForce inForce;
    private final ScheduleTimers timers;
    private final Appender appender;

    JobScheduler(ProcessorContext<String, SpecificRecord> context, TaskJobs jobs,
            SettingsInForce inForce, Appender appender) {
        this.context = context;
        this.jobs = jobs;
        this.inForce = inForce;
        this.timers = new ScheduleTimers(context.getStateStore(JobTopology.TIMER_STORE),
                context.getStateStore(JobTopology.TIMER_INDEX_STORE));
        this.appender = appender;
    }

    /** After a command or report: set, move or drop the job's timer when its schedule or zone changed. */
    void reconcile(String key, Job job, Instant now) {
        reconcile(inForce.ticks(), key, job, now);
    }

    private void reconcile(ScheduledTicks ticks, String key, Job job, Instant now) {
        String identity = ticks.timerIdentity(job);
        Optional<String> current = timers.identity(key);
        if (identity.isEmpty()) {
            if (current.isPresent()) {
                timers.set(key, Optional.empty(), "");
                if (job != null) {
                    log(job, now, 0, List.of("Schedule removed"));
                }
            }
            return;
        }
        if (current.isPresent() && current.get().equals(identity)) {
            if (!job.stopped() && timers.unpark(key)) {
                log(job, now, 0, List.of("Schedule resumed: the job started; the occurrence due at "
                        + timers.dueOf(key).orElseThrow() + " and those after it are due now"));
            }
            return;
        }
        Optional<Instant> next = ticks.firstDue(job, now);
        timers.set(key, next, identity);
        log(job, now, 0, List.of("Schedule '" + identity.replace("|", "' in ") + " set; "
                + next.map(n -> "next at " + n).orElse("it has no future occurrence")));
    }

    /** The punctuation: every due timer of this task, oldest first. */
    void fireDue(long timestamp) {
        Instant now = Instant.ofEpochMilli(timestamp);
        boolean webJobsStopped = inForce.builtIn().webJobsStopped();
        ScheduleRules rules = inForce.scheduleRules();
        ScheduledTicks ticks = inForce.ticks(rules);
        replanOnChange(rules, ticks, now);
        for (ScheduleTimers.Due due : timers.due(now, MAX_PER_PUNCTUATION)) {
            Job loaded = jobs.get(due.jobKey());
            ScheduledTicks.Outcome outcome = ticks.tick(loaded, due.at(), now, webJobsStopped);
            Job job = appender.append(due.jobKey(), loaded, outcome.events(), now);
            if (job != null && !outcome.events().isEmpty()) {
                jobs.put(due.jobKey(), job);
            }
            if (outcome.parked()) {
                timers.park(due.jobKey());
            } else {
                timers.set(due.jobKey(), outcome.nextDue(), ticks.timerIdentity(job));
            }
            if (job != null) {
                log(job, now, 1, outcome.log());
            }
        }
    }

    /** See {@link #replanOnChange(ScheduleRules, ScheduledTicks, Instant)}; for the fleet tick, while the scheduler rests. */
    void replanOnChange(long timestamp) {
        ScheduleRules rules = inForce.scheduleRules();
        replanOnChange(rules, inForce.ticks(rules), Instant.ofEpochMilli(timestamp));
    }

    /** No timer of this task is due before this (epoch ms); {@link Long#MAX_VALUE} when it has none. */
    long nextDueMs() {
        return timers.notBefore();
    }

    /**
     * When WEBSITE_TIME_ZONE or WEBJOBS_DISABLE_SCHEDULE changed since the timers were planned, plans every
     * timer of this task again, once: a point lookup per punctuation otherwise, so the due scan stays O(due).
     */
    private void replanOnChange(ScheduleRules rules, ScheduledTicks ticks, Instant now) {
        Optional<SchedulePlan> previous = timers.plan().flatMap(SchedulePlan::decode);
        SchedulePlan plan = SchedulePlan.of(rules, previous, now);
        if (previous.isPresent() && previous.get().equals(plan)) {
            return;
        }
        timers.plan(plan.encode());
        boolean zoneChanged = plan.zoneChangedFrom(previous);
        Optional<Instant> resumesFrom = plan.resumesFrom(previous);
        if (!zoneChanged && resumesFrom.isEmpty()) {
            return;
        }
        for (String key : timers.jobKeys()) {
            Job job = jobs.get(key);
            if (job == null) {
                continue;
            }
            if (zoneChanged) {
                reconcile(ticks, key, job, now);
            }
            if (resumesFrom.isPresent() && !job.stopped()) {
                resume(key, job, plan, resumesFrom.get(), ticks, now);
            }
        }
    }

    private void resume(String key, Job job, SchedulePlan plan, Instant disabledSince, ScheduledTicks ticks,
            Instant now) {
        ScheduleSettings settings = ScheduleSettings.of(job.settingsJson());
        Optional<Instant> due = timers.dueOf(key);
        Optional<CronExpression> cron = settings.schedule();
        if (due.isEmpty() || cron.isEmpty()) {
            return;
        }
        SchedulePlan.resumeAt(cron.get(), settings.zone(plan.zone()), disabledSince, due.get(), now).ifPresent(at -> {
            timers.set(key, Optional.of(at), ticks.timerIdentity(job));
            log(job, now, 0, List.of("Schedules enabled again (WEBJOBS_DISABLE_SCHEDULE): the occurrences since " + at
                    + " follow the missed-tick rule (misfire '" + settings.misfire().name().toLowerCase() + "')"));
        });
    }

    Optional<Instant> nextDue(String key) {
        return timers.dueOf(key);
    }

    private void log(Job job, Instant now, int kind, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        List<LogLine> logLines = lines.stream().map(text -> new LogLine(now, LogLevel.SYS_INFO, text)).toList();
        // one batch per job and punctuation; the kind keeps a reconcile and a tick in the same ms apart
        LogBatch batch = new LogBatch(job.name(), LOG_ID, ScheduledTicks.ISSUER, now.toEpochMilli() * 10 + kind, logLines,
                null);
        context.forward(new Record<String, SpecificRecord>(Topics.logKey(job.name(), LOG_ID), batch, now.toEpochMilli()),
                JobTopology.LOGS_SINK);
    }
}
