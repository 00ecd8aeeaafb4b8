package io.webjobs.contract;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * A typed topic: its name, serdes, partition count and retention, in one place. Read and write it with
 * {@code topic.keySerde()} and {@code topic.valueSerde()}; the orchestrator creates it with
 * {@link #newTopic}.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions,
        Retention retention) {

    /** How long a topic keeps its records. */
    public sealed interface Retention {
        Map<String, String> configs();
    }

    /** Kept forever (the event log). */
    public record Forever() implements Retention {
        public Map<String, String> configs() {
            return Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1");
        }
    }

    /** Kept for a number of days. */
    public record Days(int days) implements Retention {
        public Map<String, String> configs() {
            return Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(days * 86_400_000L));
        }
    }

    /** The latest value of each key is kept; a null value (tombstone) removes the key. */
    public record Compacted() implements Retention {
        public Map<String, String> configs() {
            return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    /** The topic as an admin client creates it. */
    public NewTopic newTopic(short replicationFactor) {
        return new NewTopic(name, partitions, replicationFactor).configs(retention.configs());
    }
}
