package io.webjobs.runner;

import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunnerReport;
import io.webjobs.contract.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a run's observations to {@code webjobs.runner-reports}, keyed by job so they land in the
 * partition that owns the job's history. Each report gets a fresh id: the topology remembers ids
 * and ignores a report it already applied, so a report the broker could not confirm is sent again,
 * same id, until it is stored: while this runner heartbeats, nobody else would ever end its runs.
 */
public final class KafkaRunReports implements RunReports {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRunReports.class);

    /** How long a report is sent again while the broker does not confirm it (an outage, a restart). */
    static final Duration RETRY_WINDOW = Duration.ofMinutes(10);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

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
        ProducerRecord<String, byte[]> report = record(jobName, runId, status, exitCode, reason);
        if (status == RunStatus.Running) {
            // Not waited for: the process is already started, and the run's final report (same partition,
            // so stored after it) is waited for and sent again until stored. Waiting held a run slot one round trip.
            producer.send(report, (meta, error) -> {
                if (error != null) {
                    LOG.warn("report {} of run {}/{} not stored; its final report will follow", status, jobName,
                            runId, error);
                }
            });
            return;
        }
        long giveUpAt = clock.millis() + RETRY_WINDOW.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                // Wait: the run must not look finished here before it is stored. Not flushed: the producer's
                // 5 ms linger puts the run's last log batch (sent just before, so drained with it, see
                // LogSink#end) and the reports of the runs ending meanwhile in one request; a flush sent a
                // request per run end.
                Future<RecordMetadata> sent = producer.send(report);
                sent.get(30, TimeUnit.SECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("interrupted while reporting {} of run {}/{}", status, jobName, runId);
                return;
            } catch (ExecutionException | TimeoutException e) {
                if (clock.millis() >= giveUpAt) {
                    // Kafka away for that long: nothing better to do here than say so.
                    LOG.error("cannot report {} of run {}/{}", status, jobName, runId, e);
                    return;
                }
                LOG.warn("report {} of run {}/{} not stored (attempt {}); sending it again", status, jobName, runId,
                        attempt, e);
                try {
                    TimeUnit.MILLISECONDS.sleep(RETRY_PAUSE.toMillis());
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Sends without waiting: for batches that flush the producer once (the dry-run runner). */
    Future<RecordMetadata> send(String jobName, String runId, RunStatus status, Integer exitCode, String reason) {
        return producer.send(record(jobName, runId, status, exitCode, reason));
    }

    private ProducerRecord<String, byte[]> record(String jobName, String runId, RunStatus status, Integer exitCode,
            String reason) {
        RunnerReport report = new RunnerReport(UUID.randomUUID().toString(), runnerId, jobName, runId,
                clock.instant(), status, exitCode, reason, correlations.of(jobName, runId));
        String topic = Topics.RUNNER_REPORTS.name();
        byte[] value = Topics.RUNNER_REPORTS.valueSerde().serializer().serialize(topic, report);
        return new ProducerRecord<>(topic, Topics.jobKey(jobName), value);
    }
}
