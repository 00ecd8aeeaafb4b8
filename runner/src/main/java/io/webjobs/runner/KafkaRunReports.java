package io.webjobs.runner;

import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunnerReport;
import io.webjobs.contract.Topics;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a run's observations to {@code webjobs.runner-reports}, keyed by job so they land in the
 * partition that owns the job's history. Each report gets a fresh id: the topology remembers ids
 * and ignores a report it already applied.
 */
public final class KafkaRunReports implements RunReports {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRunReports.class);

    private final Producer<String, byte[]> producer;
    private final String runnerId;
    private final Clock clock;
    private final RunCorrelations correlations;

    /** {@code producer} should be idempotent with acks=all; it is shared and not closed here. */
    public KafkaRunReports(Producer<String, byte[]> producer, String runnerId, Clock clock) {
        this(producer, runnerId, clock, new RunCorrelations());
    }

    public KafkaRunReports(Producer<String, byte[]> producer, String runnerId, Clock clock,
            RunCorrelations correlations) {
        this.correlations = correlations;
        this.producer = producer;
        this.runnerId = runnerId;
        this.clock = clock;
    }

    @Override
    public void report(String jobName, String runId, RunStatus status, Integer exitCode, String reason) {
        if (status == RunStatus.Running) {
            // Not waited for: the process is already started, and the final report of the run (same
            // partition, so stored after it) is waited for. Waiting here held a run slot one round trip.
            send(jobName, runId, status, exitCode, reason, (meta, error) -> {
                if (error != null) {
                    LOG.error("cannot report {} of run {}/{}", status, jobName, runId, error);
                }
            });
            return;
        }
        try {
            // Wait: a report is rare and the run must not look finished here before it is stored.
            Future<RecordMetadata> sent = send(jobName, runId, status, exitCode, reason);
            // Flush: the shared producer lingers to batch log lines; a report must not wait for that.
            producer.flush();
            sent.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while reporting {} of run {}/{}", status, jobName, runId);
        } catch (ExecutionException | TimeoutException e) {
            // The orchestrator ends runs of a silent runner itself; nothing better to do here than say so.
            LOG.error("cannot report {} of run {}/{}", status, jobName, runId, e);
        }
    }

    /** Sends without waiting: for batches that flush the producer once (the dry-run runner). */
    Future<RecordMetadata> send(String jobName, String runId, RunStatus status, Integer exitCode, String reason) {
        return send(jobName, runId, status, exitCode, reason, null);
    }

    private Future<RecordMetadata> send(String jobName, String runId, RunStatus status, Integer exitCode,
            String reason, Callback callback) {
        RunnerReport report = new RunnerReport(UUID.randomUUID().toString(), runnerId, jobName, runId,
                clock.instant(), status, exitCode, reason, correlations.of(jobName, runId));
        String topic = Topics.RUNNER_REPORTS.name();
        byte[] value = Topics.RUNNER_REPORTS.valueSerde().serializer().serialize(topic, report);
        return producer.send(new ProducerRecord<>(topic, Topics.jobKey(jobName), value), callback);
    }
}
