package io.webjobs.orchestrator.bench;

import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunStatusChanged;
import io.webjobs.avro.RunnerReport;
import io.webjobs.contract.Topic;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.domain.RunLifecycle;
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
 * Follows the committed event log from its current end and counts the runs that succeeded; for the latency
 * bench it also keeps each run's time stamps: when the orchestrator decided it and when that was committed
 * (the event log), and the runner's times of Running and of the final status (the runner reports).
 */
final class RunWatch implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong succeeded = new AtomicLong();
    /** Keep each run's time stamps: the throughput benches count runs by the hundred thousand and need none. */
    private final boolean timings;
    private final Map<String, Long> runningReportedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> endReportedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> requestedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> requestCommittedAt = new ConcurrentHashMap<>();

    /** Counts the runs that succeeded, from the event log only. */
    RunWatch(Map<String, Object> kafka) {
        this(kafka, false);
    }

    /**
     * @param timings also keep each run's time stamps, following the runner reports too. The reports are not
     *                transactional, so a follower fetches each batch of them as it comes: 0.6 to 0.8 fetches
     *                a run under load, which a bench of the system's cost must not add to it
     */
    RunWatch(Map<String, Object> kafka, boolean timings) {
        this.timings = timings;
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // The broker answers a fetch as soon as a record is there (fetch.min.bytes 1): the wait bounds only an
        // empty one. At 5 ms this watcher alone asked 200 fetches a second, over one per measured run.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-run-watch");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic<?, ?> topic : timings ? List.of(Topics.EVENTS, Topics.RUNNER_REPORTS) : List.of(Topics.EVENTS)) {
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

    private void follow() {
        while (!stop.get()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                long now = System.currentTimeMillis();
                try {
                    if (record.topic().equals(Topics.EVENTS.name())) {
                        JobEvent event = Topics.EVENTS.valueSerde().deserializer().deserialize(record.topic(),
                                record.value());
                        if (timings && event != null && event.getPayload() instanceof RunRequested r) {
                            requestedAt.put(r.getRunId(), event.getAt().toEpochMilli());
                            requestCommittedAt.put(r.getRunId(), now);
                        }
                        if (event != null && event.getPayload() instanceof RunStatusChanged c
                                && c.getStatus() == RunStatus.Success) {
                            succeeded.incrementAndGet();
                        }
                    } else {
                        RunnerReport report = Topics.RUNNER_REPORTS.valueSerde().deserializer()
                                .deserialize(record.topic(), record.value());
                        if (report != null && report.getStatus() == RunStatus.Running) {
                            runningReportedAt.put(report.getRunId(), report.getAt().toEpochMilli());
                        } else if (report != null && RunLifecycle.isFinal(report.getStatus())) {
                            endReportedAt.put(report.getRunId(), report.getAt().toEpochMilli());
                        }
                    }
                } catch (RuntimeException e) {
                    // not ours to judge: a record we cannot read is not a run we measure
                }
            }
        }
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
