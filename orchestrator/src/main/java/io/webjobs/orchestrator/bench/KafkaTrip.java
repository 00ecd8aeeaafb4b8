package io.webjobs.orchestrator.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The floor of any event-sourced latency: one record from a producer (acks=all) to a consumer, in ms. */
final class KafkaTrip {

    private KafkaTrip() {
    }

    static List<Double> latencies(Map<String, Object> kafka, int samples) throws Exception {
        String topic = "bench.trip";
        try (Admin admin = Admin.create(kafka)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Map<String, Object> consumerProps = new HashMap<>(kafka);
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        Map<String, Object> producerProps = new HashMap<>(kafka);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        List<Double> trips = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            for (int i = 0; i < samples + 5; i++) {
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, new byte[200]));
                int got = 0;
                while (got == 0) {
                    got = consumer.poll(Duration.ofMillis(100)).count();
                }
                if (i >= 5) {
                    trips.add((System.nanoTime() - start) / 1e6);
                }
            }
        }
        return trips;
    }
}
