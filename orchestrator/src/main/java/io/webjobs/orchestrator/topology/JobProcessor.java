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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
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
 * {@link CommandLedger} is not decided again. No rule lives here.
 */
final class JobProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(JobProcessor.class);

    private final JobRules rules;
    private final JobFold fold;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, JobSnapshot> jobs;
    private CommandLedger ledger;

    JobProcessor(JobRules rules) {
        this.rules = rules;
        this.fold = new JobFold(rules);
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.jobs = context.getStateStore(JobTopology.JOB_STORE);
        this.ledger = new CommandLedger(context.getStateStore(JobTopology.COMMAND_LEDGER_STORE));
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
        for (JobEvent event : events) {
            job = fold.apply(job, event);
            context.forward(record.withValue((SpecificRecord) event).withTimestamp(now.toEpochMilli()),
                    JobTopology.EVENTS_SINK);
            if (event.getPayload() instanceof RunRequested requested && job != null) {
                context.forward(record.withValue((SpecificRecord) RunRequests.of(job, requested, now, rules,
                        event.getCorrelationId()))
                        .withTimestamp(now.toEpochMilli()), JobTopology.RUN_REQUESTS_SINK);
            }
        }
        if (JobStatuses.changed(loaded, job)) {
            context.forward(record.withValue((SpecificRecord) JobStatuses.of(job, now))
                    .withTimestamp(now.toEpochMilli()), JobTopology.STATUS_SINK);
        }
        if (job != null && !events.isEmpty()) {
            jobs.put(record.key(), JobSnapshots.toSnapshot(job));
        } else if (job == null && loaded != null) {
            jobs.delete(record.key());
        }
    }
}
