package io.webjobs.contract;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Records for {@link Topics#DEAD_LETTER}: the poison record's raw key and value as they were, with
 * headers naming where it came from and why it was set aside, so an operator can inspect or replay it.
 */
public final class DeadLetters {

    public static final String SOURCE_TOPIC = "webjobs.source.topic";
    public static final String SOURCE_PARTITION = "webjobs.source.partition";
    public static final String SOURCE_OFFSET = "webjobs.source.offset";
    public static final String REASON = "webjobs.reason";
    /** Who set it aside: the orchestrator's topology, a runner id … */
    public static final String REPORTED_BY = "webjobs.reported-by";

    private DeadLetters() {
    }

    public static <K> ProducerRecord<K, byte[]> of(K key, byte[] value, String topic, int partition, long offset,
            String reason, String reportedBy) {
        ProducerRecord<K, byte[]> record = new ProducerRecord<>(Topics.DEAD_LETTER.name(), key, value);
        record.headers().add(SOURCE_TOPIC, bytes(topic))
                .add(SOURCE_PARTITION, bytes(Integer.toString(partition)))
                .add(SOURCE_OFFSET, bytes(Long.toString(offset)))
                .add(REASON, bytes(reason == null ? "unknown" : reason))
                .add(REPORTED_BY, bytes(reportedBy));
        return record;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
