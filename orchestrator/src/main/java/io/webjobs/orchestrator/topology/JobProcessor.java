package io.webjobs.orchestrator.topology;

import io.webjobs.avro.CommandReceipt;
import io.webjobs.avro.InstanceCommand;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobType;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunnerHeartbeat;
import io.webjobs.avro.RunnerReport;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.domain.AppSettings;
import io.webjobs.orchestrator.domain.CommandReceipts;
import io.webjobs.orchestrator.domain.ContinuousDecisions;
import io.webjobs.orchestrator.domain.Fleet;
import io.webjobs.orchestrator.domain.FleetRules;
import io.webjobs.orchestrator.domain.InstanceCommands;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.JobDecisions;
import io.webjobs.orchestrator.domain.JobFold;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.domain.RunRequests;
import io.webjobs.orchestrator.domain.PrunedRuns;
import io.webjobs.orchestrator.domain.RunStops;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the event log. For each command or runner report of a job it loads the job,
 * asks the pure decisions ({@link JobDecisions#decide}, {@link ContinuousDecisions} for continuous
 * jobs), appends the events, folds them with {@link JobFold#apply}, stores the result and emits run
 * requests, runner commands and the job's new status. A command id already in the
 * {@link CommandLedger} is not decided again. No rule lives here. Due schedule timers go the same
 * way through {@link JobScheduler}; a wall-clock tick watches the fleet (lost runners, due restarts).
 */
final class JobProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(JobProcessor.class);
    /** The longest the scheduler rests without looking; a safety net, as timers set meanwhile wake it. */
    static final Duration LONGEST_REST = Duration.ofSeconds(60);

    private final JobRules rules;
    private final ScheduleRules scheduleRules;
    private final FleetRules fleetRules;
    private final Duration tick;
    private ProcessorContext<String, SpecificRecord> context;
    private TaskJobs jobs;
    private CommandLedger ledger;
    private JobScheduler scheduler;
    private ReadOnlyKeyValueStore<String, RunnerHeartbeat> runners;
    private SettingsInForce inForce;
    /**
     * Keys of this task's jobs the fleet tick must look at ({@link ContinuousDecisions#watches}); derived
     * from the store on the first tick (after restoration), then kept up to date by {@link #append},
     * so a tick costs O(watched jobs), not O(all jobs) — most scheduled jobs are idle.
     */
    private Set<String> watched;
    /** Shared by the tasks of a stream thread: one commit there commits all of them. */
    private final Supplier<PromptCommit> promptCommit;
    /** What the current record or punctuation sent includes something a runner waits for. */
    private boolean runnersWait;
    /** The scheduler's punctuation: see {@link #paceScheduler}. */
    private Alarm schedulerAlarm;

    JobProcessor(JobRules rules, ScheduleRules scheduleRules, FleetRules fleetRules, Duration tick,
            Supplier<PromptCommit> promptCommit) {
        this.promptCommit = promptCommit;
        this.rules = rules;
        this.scheduleRules = scheduleRules;
        this.fleetRules = fleetRules;
        this.tick = tick;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.watched = null; // a task revived after an aborted transaction restores its store: derive it again
        this.jobs = new TaskJobs(context.getStateStore(JobTopology.JOB_STORE),
                context.getStateStore(JobTopology.RUN_STORE));
        this.ledger = new CommandLedger(context.getStateStore(JobTopology.COMMAND_LEDGER_STORE));
        this.runners = context.getStateStore(JobTopology.RUNNER_STORE);
        this.inForce = new SettingsInForce(context.getStateStore(JobTopology.APP_SETTINGS_STORE), rules, scheduleRules);
        this.scheduler = new JobScheduler(context, jobs, inForce, this::append);
        this.schedulerAlarm = new Alarm(context, scheduleRules.tickEvery(), ms -> {
            inForce.refresh();
            scheduler.fireDue(ms);
            askCommit(ms, false);
            paceScheduler(ms);
        });
        schedulerAlarm.tick();
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, ms -> {
            inForce.refresh();
            // a changed time zone or WEBJOBS_DISABLE_SCHEDULE moves timers while the scheduler may rest
            scheduler.replanOnChange(ms);
            tick(ms);
            askCommit(ms, false);
            paceScheduler(ms);
        });
    }

    /**
     * The scheduler looks for due timers every tick while this thread has records, awaited output held back
     * (the tick commits it, see {@link PromptCommit}) or a timer due within a tick; otherwise it rests until
     * its next timer, at most {@link #LONGEST_REST}. Any record sets it ticking again.
     */
    private void paceScheduler(long nowMs) {
        long nextDueMs = scheduler.nextDueMs();
        if (promptCommit.get().holdsBack() || nextDueMs <= nowMs + scheduleRules.tickEvery().toMillis()) {
            schedulerAlarm.tick();
        } else {
            schedulerAlarm.rest(Duration.ofMillis(Math.min(nextDueMs - nowMs, LONGEST_REST.toMillis())));
        }
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.key() == null || record.value() == null) {
            log.warn("skipping a record without key or value");
            return;
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        Job loaded = jobs.get(record.key());
        Job job = loaded;
        List<JobEvent> events;
        inForce.refresh();
        AppSettings app = inForce.builtIn();
        if (record.value() instanceof JobCommand command) {
            Optional<CommandReceipt> original = ledger.receiptOf(command.getCommandId(), now);
            if (original.isPresent()) {
                events = List.of(CommandReceipts.duplicateOf(command, original.get(), now));
            } else {
                events = app.refusal(command, now).orElseGet(() -> JobDecisions.decide(loaded, command, now));
                ledger.remember(command, events, now);
            }
        } else if (record.value() instanceof RunnerReport report) {
            events = job != null && job.type() == JobType.continuous
                    ? ContinuousDecisions.onReport(job, report, now, fleetRules, app.webJobsStopped())
                    : JobDecisions.decide(job, report, now);
            RunStops.ofReport(job, report, now).ifPresent(stop -> forwardRunnerCommand(record.key(), stop, now));
        } else {
            log.warn("skipping unexpected {} for job {}", record.value().getClass().getSimpleName(), record.key());
            return;
        }
        job = append(record.key(), job, events, now);
        if (record.value() instanceof JobCommand command && original(command, events)
                && job != null && job.type() == JobType.continuous) {
            // A deploy, start, stop or settings change of a continuous job is followed by its placement.
            List<JobEvent> placement = ContinuousDecisions.reconcile(job, fleet(), now, fleetRules,
                    command.getCommandId(), command.getIssuedBy(), events.size(), app.webJobsStopped());
            job = append(record.key(), job, placement, now);
            events = new ArrayList<>(events);
            events.addAll(placement);
        }
        if (job != null && !events.isEmpty()) {
            jobs.put(record.key(), job);
        } else if (job == null && loaded != null) {
            jobs.delete(record.key());
        }
        scheduler.reconcile(record.key(), job, now);
        // the client that sent a command awaits its outcome
        askCommit(now.toEpochMilli(), record.value() instanceof JobCommand);
        schedulerAlarm.tick();
    }

    /** A copy of an applied command changes nothing, so it does not move instances either. */
    private static boolean original(JobCommand command, List<JobEvent> events) {
        return events.stream().noneMatch(e -> e.getPayload() instanceof io.webjobs.avro.CommandDuplicate);
    }

    /** A record without value on the logs topic: the log indexer forgets that log (see RunLogProcessor). */
    private void forgetLog(String logKey, long ts) {
        context.forward(new Record<String, SpecificRecord>(logKey, null, ts), JobTopology.LOGS_SINK);
    }

    /**
     * Appends the events to the log, folds them, tells runners what they imply (run requests,
     * instance commands) and publishes the job's status when it changed; returns the new job.
     */
    private Job append(String key, Job job, List<JobEvent> events, Instant now) {
        long ts = now.toEpochMilli();
        Job state = job;
        // the rules in force now: a history size or idle timeout set a moment ago applies to this event
        JobRules current = inForce.jobRules();
        JobFold fold = new JobFold(current);
        Supplier<Map<String, String>> environment = inForce.environment();
        for (JobEvent event : events) {
            Job before = state;
            if (event.getPayload() instanceof RunRequested requested && requested.getHistorySize() == null) {
                requested.setHistorySize(current.historySize());
            }
            state = fold.apply(state, event);
            context.forward(new Record<>(key, (SpecificRecord) event, ts), JobTopology.EVENTS_SINK);
            if (event.getPayload() instanceof RunRequested requested && state != null) {
                context.forward(new Record<>(key, (SpecificRecord) RunRequests.of(state, requested, now, current,
                        environment.get(), event.getCorrelationId()), ts), JobTopology.RUN_REQUESTS_SINK);
                runnersWait = true;
            }
            for (InstanceCommand command : InstanceCommands.of(before, event, state, now, environment)) {
                context.forward(new Record<>(key, (SpecificRecord) command, ts), JobTopology.RUNNER_COMMANDS_SINK);
                runnersWait = true;
            }
            RunStops.of(before, event, now).forEach(stop -> forwardRunnerCommand(key, stop, now));
            for (String runId : PrunedRuns.of(before, state)) {
                forgetLog(Topics.logKey(before.name(), runId), ts);
            }
            if (state == null && before != null) {
                forgetLog(Topics.logKey(before.name(), JobScheduler.LOG_ID), ts);
            }
        }
        if (watched != null) {
            if (ContinuousDecisions.watches(state)) {
                watched.add(key);
            } else {
                watched.remove(key);
            }
        }
        if (JobStatuses.changed(job, state)) {
            context.forward(new Record<>(key, (SpecificRecord) JobStatuses.of(state, now), ts),
                    JobTopology.STATUS_SINK);
        }
        return state;
    }

    /**
     * After each record and punctuation: a runner, or a client awaiting a command's outcome, sees what
     * this task sent only once it is committed, so that asks for a commit ahead of the interval.
     */
    private void askCommit(long nowMs, boolean clientWaits) {
        boolean ask = clientWaits || runnersWait
                ? promptCommit.get().onAwaited(nowMs) : promptCommit.get().onTick(nowMs);
        runnersWait = false;
        if (ask) {
            context.commit();
        }
    }

    private void forwardRunnerCommand(String key, InstanceCommand command, Instant now) {
        runnersWait = true;
        context.forward(new Record<>(key, (SpecificRecord) command, now.toEpochMilli()), JobTopology.RUNNER_COMMANDS_SINK);
    }

    /** Wall-clock check of this task's jobs: lost runners, due restarts, placement on a changed fleet. */
    private void tick(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        Fleet fleet = fleet();
        boolean allStopped = inForce.builtIn().webJobsStopped();
        if (watched == null) {
            Set<String> found = new TreeSet<>();
            jobs.forEachWithUnfinishedRuns((key, job) -> {
                if (ContinuousDecisions.watches(job)) {
                    found.add(key);
                }
            });
            watched = found;
        }
        // a copy: appending the tick's events updates the watched set
        for (String key : List.copyOf(watched)) {
            Job job = jobs.get(key);
            if (job == null) {
                watched.remove(key);
                continue;
            }
            List<JobEvent> events = ContinuousDecisions.tick(job, fleet, now, fleetRules, allStopped);
            if (!events.isEmpty()) {
                jobs.put(key, append(key, job, events, now));
            }
        }
    }

    private Fleet fleet() {
        return RunnerRegistry.fleet(runners);
    }
}
