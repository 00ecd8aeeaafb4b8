package io.webjobs.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobStarted;
import io.webjobs.avro.JobStopped;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.audit.EventLogReplay;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The replay behind audit, as-of and verify, on a topic of its own (poison on the shared event log would
 * disturb the other tests): it skips and counts what does not decode, and honours a time window.
 */
class EventLogReplayTest {

    private static final Map<String, Object> KAFKA = Map.of("bootstrap.servers", TestKafka.bootstrapServers());

    @Test
    void shouldSkipAndCountPoisonRecordsAndReplayTheRestInOrder() throws Exception {
        String topic = aTopic();
        JobEvent first = anEvent("e1", 1_000);
        JobEvent second = anEvent("e2", 2_000);
        send(topic, 1_000, bytes(first));
        send(topic, 1_500, "not avro".getBytes(StandardCharsets.UTF_8));
        send(topic, 1_600, new byte[] {(byte) 0xC3, 0x01, 9, 9, 9, 9, 9, 9, 9, 9, 0});
        send(topic, 2_000, bytes(second));
        List<JobEvent> seen = new ArrayList<>();

        EventLogReplay.Totals totals = new EventLogReplay(KAFKA, topic).replay(null, null,
                EventLogReplay.Progress.NONE, seen::add);

        assertThat(totals).isEqualTo(new EventLogReplay.Totals(2, 2));
        assertThat(seen).containsExactly(first, second);
    }

    @Test
    void shouldReplayOnlyTheEventsBetweenSinceAndUntil() throws Exception {
        String topic = aTopic();
        for (int i = 1; i <= 3; i++) {
            send(topic, i * 1_000L, bytes(anEvent("e" + i, i * 1_000L)));
        }
        List<String> seen = new ArrayList<>();

        new EventLogReplay(KAFKA, topic).replay(Instant.ofEpochMilli(2_000), Instant.ofEpochMilli(2_000),
                EventLogReplay.Progress.NONE, e -> seen.add(e.getEventId()));

        assertThat(seen).containsExactly("e2");
    }

    private static String aTopic() throws Exception {
        String topic = "replay-test-" + UUID.randomUUID();
        try (Admin admin = Admin.create(KAFKA)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        return topic;
    }

    private static JobEvent anEvent(String id, long at) {
        return new JobEvent(id, "nightly", Instant.ofEpochMilli(at), "c-" + id, "alice",
                id.hashCode() % 2 == 0 ? new JobStopped() : new JobStarted(), null);
    }

    private static byte[] bytes(JobEvent event) {
        return Topics.EVENTS.valueSerde().serializer().serialize(Topics.EVENTS.name(), event);
    }

    private static void send(String topic, long timestamp, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KAFKA, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, timestamp, "nightly", value)).get();
        }
    }
}
