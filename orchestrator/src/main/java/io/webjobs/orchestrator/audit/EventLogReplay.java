package io.webjobs.orchestrator.audit;

import io.webjobs.avro.JobEvent;
import io.webjobs.contract.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code webjobs.events} once, from the beginning or from the first event at or after
 * {@code since}, up to the end offsets seen when the replay starts (so a replay ends even while jobs
 * keep running). Committed records only, no consumer group: a replay changes nothing. Records that
 * do not decode are skipped, counted and logged with their position; they never stop a replay.
 * Used by {@code audit}, {@code status --as-of} and {@code verify}.
 */
public final class EventLogReplay {

    private static final Logger log = LoggerFactory.getLogger(EventLogReplay.class);
    private static final Duration POLL = Duration.ofMillis(500);

    /** What a replay saw: decoded events handed on, and undecodable records skipped. */
    public record Totals(long events, long poison) {
    }

    /** Called now and then with the events read so far and the events to read in total. */
    public interface Progress {
        void report(long read, long total);

        Progress NONE = (read, total) -> {
        };
    }

    private final Map<String, Object> kafka;
    private final String topic;

    public EventLogReplay(Map<String, Object> kafka) {
        this(kafka, Topics.EVENTS.name());
    }

    /** Replays another topic of events (a copy of the log, a test's own topic). */
    public EventLogReplay(Map<String, Object> kafka, String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    /**
     * Hands every event with {@code since <= at <= until} (both optional) to {@code sink}, in log order
     * within a job (jobs interleave across partitions). The sink runs on one other thread, in order; the
     * call returns once it has taken every event.
     */
    public Totals replay(Instant since, Instant until, Progress progress, Consumer<JobEvent> sink) {
        Deserializer<JobEvent> serde = Topics.EVENTS.valueSerde().deserializer();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer()); SinkThread sinkThread = new SinkThread(sink)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic)
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> start = startOffsets(consumer, partitions, since, end);
            start.forEach(consumer::seek);
            long total = 0;
            Set<TopicPartition> open = new HashSet<>();
            for (TopicPartition p : partitions) {
                total += end.get(p) - start.get(p);
                if (start.get(p) < end.get(p)) {
                    open.add(p);
                }
            }
            long read = 0;
            long events = 0;
            long poison = 0;
            while (!open.isEmpty()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                List<JobEvent> batch = new ArrayList<>(records.count());
                for (TopicPartition p : records.partitions()) {
                    if (!open.contains(p)) {
                        continue;
                    }
                    for (ConsumerRecord<byte[], byte[]> record : records.records(p)) {
                        if (record.offset() >= end.get(p)) {
                            break;
                        }
                        read++;
                        if (until != null && record.timestamp() > until.toEpochMilli()) {
                            // The topology stamps each event with its time: nothing later in this partition counts.
                            open.remove(p);
                            break;
                        }
                        JobEvent event = decode(serde, record);
                        if (event == null) {
                            poison++;
                        } else {
                            events++;
                            batch.add(event);
                        }
                    }
                }
                sinkThread.hand(batch);
                // Transaction markers take offsets too; the position moves past them without a record.
                open.removeIf(p -> consumer.position(p) >= end.get(p));
                consumer.pause(partitions.stream().filter(p -> !open.contains(p)).toList());
                progress.report(read, total);
            }
            sinkThread.finish();
            return new Totals(events, poison);
        }
    }

    private static JobEvent decode(Deserializer<JobEvent> serde, ConsumerRecord<byte[], byte[]> record) {
        try {
            JobEvent event = serde.deserialize(record.topic(), record.value());
            if (event == null) {
                log.warn("skipping an empty record at {}-{}@{}", record.topic(), record.partition(), record.offset());
            }
            return event;
        } catch (RuntimeException e) {
            log.warn("skipping an undecodable record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return null;
        }
    }

    private static Map<TopicPartition, Long> startOffsets(KafkaConsumer<byte[], byte[]> consumer,
            List<TopicPartition> partitions, Instant since, Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> start = new HashMap<>(consumer.beginningOffsets(partitions));
        if (since == null) {
            return start;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp at = found.get(p);
            start.put(p, at == null ? end.get(p) : at.offset());
        }
        return start;
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        props.putAll(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        props.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, 4 * 1024 * 1024);
        return props;
    }
}
