package io.webjobs.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.webjobs.avro.LogBatch;
import io.webjobs.avro.LogLevel;
import io.webjobs.avro.LogLine;
import io.webjobs.contract.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The job's output is taken at once even while Kafka keeps the producer waiting (a broker outage). */
class KafkaLogShipperTest {

    private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

    private static final String DROPPED = " line(s) of output dropped here: Kafka did not take the log in time";

    /** A producer whose send blocks until released, as KafkaProducer#send does without metadata (max.block.ms). */
    private static final class StalledProducer extends MockProducer<String, byte[]> {
        final CountDownLatch released = new CountDownLatch(1);

        StalledProducer() {
            super(true, null, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.send(record, callback);
        }
    }

    @Test
    void shouldTakeEveryLineWithoutWaitingWhileKafkaIsStalledAndShipThemInOrderAfterwards() throws Exception {
        StalledProducer producer = new StalledProducer();
        try (KafkaLogShipper shipper = new KafkaLogShipper(producer, "runner-1")) {
            Thread output = new Thread(() -> {
                for (int i = 0; i < 1_000; i++) {
                    shipper.append("job", "run-1", new LogLine(AT, LogLevel.INFO, "line " + i));
                }
            });
            output.start();
            output.join(Duration.ofSeconds(10).toMillis());
            assertThat(output.isAlive()).as("the output reader waits for Kafka").isFalse();

            producer.released.countDown();
            shipper.end("job", "run-1");

            List<String> lines = batches(producer).stream().flatMap(b -> b.getLines().stream()).map(LogLine::getText)
                    .toList();
            assertThat(lines).hasSize(1_000).startsWith("line 0", "line 1").endsWith("line 999");
            assertThat(batches(producer)).allSatisfy(b -> assertThat(b.getLines()).hasSizeLessThanOrEqualTo(200));
        }
    }

    @Test
    void shouldDropWhatExceedsTheBufferWhileKafkaIsStalledAndSaySoInTheLog() throws Exception {
        StalledProducer producer = new StalledProducer();
        try (KafkaLogShipper shipper = new KafkaLogShipper(producer, "runner-1")) {
            String text = "x".repeat(64 * 1024);
            // The stalled shipper holds at most one buffer's worth it took before stalling, and one more here.
            int appended = 2 * (KafkaLogShipper.MAX_PENDING_CHARS / text.length()) + 5;
            for (int i = 0; i < appended; i++) {
                shipper.append("job", "run-1", new LogLine(AT, LogLevel.INFO, text));
            }

            producer.released.countDown();
            shipper.end("job", "run-1");

            List<LogLine> lines = batches(producer).stream().flatMap(b -> b.getLines().stream()).toList();
            // A slow ticker may take the first buffer only after some lines were dropped: that drop is
            // told in its own line, so every dropped line is accounted for across the notices.
            List<LogLine> notices = lines.stream().filter(l -> l.getLevel() == LogLevel.SYS_ERR).toList();
            assertThat(notices).isNotEmpty().allSatisfy(n -> assertThat(n.getText()).endsWith(DROPPED));
            int dropped = notices.stream().mapToInt(n -> Integer.parseInt(n.getText().substring(0, n.getText().indexOf(' '))))
                    .sum();
            assertThat(dropped).isGreaterThanOrEqualTo(5);
            assertThat(lines.size() - notices.size() + dropped).isEqualTo(appended);
        }
    }

    private static List<LogBatch> batches(MockProducer<String, byte[]> producer) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !producer.history().isEmpty());
        return producer.history().stream()
                .map(r -> Topics.LOGS.valueSerde().deserializer().deserialize(r.topic(), r.value())).toList();
    }
}
