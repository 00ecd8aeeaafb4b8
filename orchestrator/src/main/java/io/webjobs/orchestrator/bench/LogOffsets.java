package io.webjobs.orchestrator.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The end offsets of every webjobs topic and internal Streams topic, by topic: records plus transaction markers. */
final class LogOffsets {

    private LogOffsets() {
    }

    /** The end offsets summed by topic, topics by name. */
    static Map<String, Long> byTopic(Map<String, Object> kafka) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(new HashMap<>(kafka),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Map.Entry<String, List<PartitionInfo>> topic : consumer.listTopics().entrySet()) {
                if (topic.getKey().startsWith("webjobs")) {
                    topic.getValue().forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
            Map<String, Long> byTopic = new TreeMap<>();
            consumer.endOffsets(partitions).forEach((partition, end) -> byTopic.merge(partition.topic(), end, Long::sum));
            return byTopic;
        }
    }
}
