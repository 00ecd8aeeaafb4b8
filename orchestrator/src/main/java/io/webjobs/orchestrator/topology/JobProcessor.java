package io.webjobs.orchestrator.topology;

import io.webjobs.avro.CommandReceipt;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobSnapshot;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunnerReport;
import io.webjobs.orchestrator.domain.CommandReceipts;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.JobDecisions;
import io.webjobs.orchestrator.domain.JobFold;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.domain.RunRequests;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
import io.webjobs.orchestrator.domain.schedule.ScheduledTicks;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the event log. For each command or runner report of a job it loads the job,
 * asks {@link JobDecisions#decide}, appends the events, folds them with {@link JobFold#apply}, stores
 * the result and emits run requests and the job's new status. A command id already in the
 * {@link CommandLedger} is not decided again. No rule lives here. Due schedule timers go the same
 * way through {@link JobScheduler}.
 */
final class JobProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(JobProcessor.class);

    private final JobRules rules;
    private final JobFold fold;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, JobSnapshot> jobs;
    private CommandLedger ledger;

    private final ScheduleRules scheduleRules;
    private JobScheduler scheduler;

    JobProcessor(JobRules rules, ScheduleRules scheduleRules) {
        this.rules = rules;
        this.fold = new JobFold(rules);
        this.scheduleRules = scheduleRules;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.jobs = context.getStateStore(JobTopology.JOB_STORE);
        this.ledger = new CommandLedger(context.getStateStore(JobTopology.COMMAND_LEDGER_STORE));
        this.scheduler = new JobScheduler(context, jobs, new ScheduledTicks(fold, scheduleRules), this::append);
        context.schedule(scheduleRules.tickEvery(), PunctuationType.WALL_CLOCK_TIME, scheduler::fireDue);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.key() == null || record.value() == null) {
            log.warn("skipping a record without key or value");
            return;
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        Job loaded = JobSnapshots.toJob(jobs.get(record.key()));
        Job job = loaded;
        List<JobEvent> events;
        if (record.value() instanceof JobCommand command) {
            Optional<CommandReceipt> original = ledger.receiptOf(command.getCommandId(), now);
            if (original.isPresent()) {
                events = List.of(CommandReceipts.duplicateOf(command, original.get(), now));
            } else {
                events = JobDecisions.decide(job, command, now);
                ledger.remember(command, events, now);
            }
        } else if (record.value() instanceof RunnerReport report) {
            events = JobDecisions.decide(job, report, now);
        } else {
            log.warn("skipping unexpected {} for job {}", record.value().getClass().getSimpleName(), record.key());
            return;
        }
        job = append(record.key(), job, events, now);
        if (job != null && !events.isEmpty()) {
            jobs.put(record.key(), JobSnapshots.toSnapshot(job));
        } else if (job == null && loaded != null) {
            jobs.delete(record.key());
        }
        scheduler.reconcile(record.key(), job, now);
    }

    /**
     * Appends the events to the log, folds them, emits the run requests they ask for and the job's
     * status when it changed; returns the new job.
     */
    private Job append(String key, Job job, List<JobEvent> events, Instant now) {
        Job state = job;
        for (JobEvent event : events) {
            state = fold.apply(state, event);
            context.forward(new Record<String, SpecificRecord>(key, event, now.toEpochMilli()), JobTopology.EVENTS_SINK);
            if (event.getPayload() instanceof RunRequested requested && state != null) {
                context.forward(new Record<String, SpecificRecord>(key, RunRequests.of(state, requested, now, rules,
                        event.getCorrelationId()), now.toEpochMilli()), JobTopology.RUN_REQUESTS_SINK);
            }
        }
        if (JobStatuses.changed(job, state)) {
            context.forward(new Record<String, SpecificRecord>(key, JobStatuses.of(state, now), now.toEpochMilli()),
                    JobTopology.STATUS_SINK);
        }
        return state;
    }
}
