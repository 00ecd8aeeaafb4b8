package io.webjobs.orchestrator.bench;

import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunStatusChanged;
import io.webjobs.avro.RunnerReport;
import io.webjobs.contract.Topic;
import io.webjobs.contract.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the committed event log from its current end (when each run became final in the event log, as
 * seen here) and, for the latency bench, the runner reports (the runner's time stamps of Running and of
 * the final status).
 */
final class RunWatch implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong finished = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final Map<String, Long> runningReportedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> endReportedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> finalSeenAt = new ConcurrentHashMap<>();
    private final Map<String, Long> requestedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> requestCommittedAt = new ConcurrentHashMap<>();

    /** Follows the event log only. */
    RunWatch(Map<String, Object> kafka) {
        this(kafka, false);
    }

    /**
     * @param reports also follow the runner reports. The reports are not transactional, so a follower
     *                fetches each batch of them as it comes: 0.6 to 0.8 fetches a run under load, which a
     *                bench of the system's cost must not add to it
     */
    RunWatch(Map<String, Object> kafka, boolean reports) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // The broker answers a fetch as soon as a record is there (fetch.min.bytes 1): the wait bounds only an
        // empty one. At 5 ms this watcher alone asked 200 fetches a second, over one per measured run.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-run-watch");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic<?, ?> topic : reports ? List.of(Topics.EVENTS, Topics.RUNNER_REPORTS) : List.of(Topics.EVENTS)) {
            for (int p = 0; p < topic.partitions(); p++) {
                partitions.add(new TopicPartition(topic.name(), p));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before anything is measured
        thread = new Thread(this::follow, "bench-run-watch");
        thread.setDaemon(true);
        thread.start();
    }

    long finished() {
        return finished.get();
    }

    long succeeded() {
        return succeeded.get();
    }

    Long runningReportedAt(String runId) {
        return runningReportedAt.get(runId);
    }

    Long endReportedAt(String runId) {
        return endReportedAt.get(runId);
    }

    /** The orchestrator's time stamp of the run's RunRequested event (when it decided the run). */
    Long requestedAt(String runId) {
        return requestedAt.get(runId);
    }

    /** When the RunRequested event became visible here (its transaction committed). */
    Long requestCommittedAt(String runId) {
        return requestCommittedAt.get(runId);
    }

    Long finalSeenAt(String runId) {
        return finalSeenAt.get(runId);
    }

    private void follow() {
        while (!stop.get()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                long now = System.currentTimeMillis();
                try {
                    if (record.topic().equals(Topics.EVENTS.name())) {
                        JobEvent event = Topics.EVENTS.valueSerde().deserializer().deserialize(record.topic(),
                                record.value());
                        if (event != null && event.getPayload() instanceof RunRequested r) {
                            requestedAt.put(r.getRunId(), event.getAt().toEpochMilli());
                            requestCommittedAt.put(r.getRunId(), now);
                        }
                        if (event != null && event.getPayload() instanceof RunStatusChanged c && isFinal(c.getStatus())) {
                            finalSeenAt.putIfAbsent(c.getRunId(), now);
                            finished.incrementAndGet();
                            if (c.getStatus() == RunStatus.Success) {
                                succeeded.incrementAndGet();
                            }
                        }
                    } else {
                        RunnerReport report = Topics.RUNNER_REPORTS.valueSerde().deserializer()
                                .deserialize(record.topic(), record.value());
                        if (report != null && report.getStatus() == RunStatus.Running) {
                            runningReportedAt.put(report.getRunId(), report.getAt().toEpochMilli());
                        } else if (report != null && isFinal(report.getStatus())) {
                            endReportedAt.put(report.getRunId(), report.getAt().toEpochMilli());
                        }
                    }
                } catch (RuntimeException e) {
                    // not ours to judge: a record we cannot read is not a run we measure
                }
            }
        }
    }

    static boolean isFinal(RunStatus status) {
        return status == RunStatus.Success || status == RunStatus.Failed || status == RunStatus.Aborted;
    }

    @Override
    public void close() {
        stop.set(true);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(2));
    }
}
