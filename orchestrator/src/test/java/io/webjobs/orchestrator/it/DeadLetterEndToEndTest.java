package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.webjobs.contract.DeadLetters;
import io.webjobs.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Poison records on the command and run-request topics are set aside on webjobs.dead-letter; work goes on. */
class DeadLetterEndToEndTest {

    /** A valid single-object marker with a fingerprint no schema has, then a body. */
    private static final byte[] UNKNOWN_FINGERPRINT = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0};
    private static final byte[] GARBAGE = "not avro at all".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldDeadLetterPoisonCommandsAndKeepProcessing() {
        String poisonKey = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        send(Topics.COMMANDS.name(), poisonKey, GARBAGE);
        send(Topics.COMMANDS.name(), poisonKey, UNKNOWN_FINGERPRINT);

        assertThatAJobStillRuns("after-poison-commands");
        List<ConsumerRecord<String, byte[]>> letters = awaitDeadLetters(poisonKey, 2);
        assertThat(letters).allSatisfy(letter -> {
            assertThat(header(letter, DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.COMMANDS.name());
            assertThat(header(letter, DeadLetters.REPORTED_BY)).isEqualTo("orchestrator");
            assertThat(header(letter, DeadLetters.REASON)).contains("cannot decode JobCommand");
            assertThat(Long.parseLong(header(letter, DeadLetters.SOURCE_OFFSET))).isNotNegative();
        });
        assertThat(letters).extracting(ConsumerRecord::value).containsExactlyInAnyOrder(GARBAGE, UNKNOWN_FINGERPRINT);
    }

    @Test
    void shouldDeadLetterPoisonRunRequestsAndKeepRunning() {
        String poisonKey = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        send(Topics.RUN_REQUESTS.name(), poisonKey, GARBAGE);

        assertThatAJobStillRuns("after-poison-request");
        ConsumerRecord<String, byte[]> letter = awaitDeadLetters(poisonKey, 1).get(0);
        assertThat(header(letter, DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.RUN_REQUESTS.name());
        assertThat(header(letter, DeadLetters.REPORTED_BY)).as("the one runner left in the group")
                .isEqualTo(TestSystem.get().mainRunnerId());
        assertThat(header(letter, DeadLetters.REASON)).contains("cannot decode RunRequest");
        assertThat(letter.value()).isEqualTo(GARBAGE);
    }

    private static void assertThatAJobStillRuns(String prefix) {
        Api api = new Api(TestSystem.get().baseUrl());
        String job = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("run.sh", "echo fine\n")).status())
                .isEqualTo(200);
        Api.Response run = api.post("/api/triggeredwebjobs/" + job + "/run");
        assertThat(run.status()).as(run.body()).isEqualTo(202);
        String location = run.raw().headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get(location).json().path("status").asText(),
                "Success"::equals);
    }

    private static void send(String topic, String key, byte[] value) {
        TestSystem.get(); // creates the topics
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                TestKafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> awaitDeadLetters(String key, int count) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                TestKafka.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(Topics.DEAD_LETTER.name(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return found.size() >= count;
            });
            return found;
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
