package io.webjobs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobStarted;
import io.webjobs.avro.JobStopped;
import io.webjobs.orchestrator.it.TestSystem;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The outcome of a command holds all its events, even when they reach the awaiting consumer over
 * several polls (here one record per poll), after another command's event of the same transaction.
 * Lives in the contract's package to reach the package-private tail; runs on the test broker.
 */
class CommandOutcomesTest {

    @Test
    void shouldCollectEveryEventOfACommandWrittenInOneTransactionAcrossPolls() throws Exception {
        Map<String, Object> kafka = new HashMap<>(TestSystem.get().kafka());
        kafka.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        String key = "outcomes-test-" + UUID.randomUUID();
        String awaited = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();

        try (CommandOutcomes outcomes = new CommandOutcomes(kafka);
                KafkaProducer<String, JobEvent> producer = transactionalProducer(kafka)) {
            var future = outcomes.expect(awaited);
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(record(key, other, 0, new JobStopped()));
            producer.send(record(key, awaited, 0, new JobStopped()));
            producer.send(record(key, awaited, 1, new JobStarted()));
            producer.send(record(key, awaited, 2, new JobStopped()));
            producer.commitTransaction();

            CommandOutcome outcome = future.get(30, TimeUnit.SECONDS);

            assertThat(outcome.events()).extracting(JobEvent::getEventId)
                    .containsExactly(awaited + "/0", awaited + "/1", awaited + "/2");
        }
    }

    private static ProducerRecord<String, JobEvent> record(String key, String commandId, int index, Object payload) {
        return new ProducerRecord<>(Topics.EVENTS.name(), key, new JobEvent(commandId + "/" + index, key,
                Instant.ofEpochMilli(1_000), commandId, "test", payload, null));
    }

    private static KafkaProducer<String, JobEvent> transactionalProducer(Map<String, Object> kafka) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.remove(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "outcomes-test-" + UUID.randomUUID());
        return new KafkaProducer<>(props, Topics.EVENTS.keySerde().serializer(), Topics.EVENTS.valueSerde().serializer());
    }
}
