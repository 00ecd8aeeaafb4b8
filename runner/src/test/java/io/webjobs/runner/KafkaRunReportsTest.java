package io.webjobs.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunnerReport;
import io.webjobs.contract.Topics;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** A run's final report survives a broker outage: sent again, same report id, until the broker takes it. */
class KafkaRunReportsTest {

    @Test
    void shouldSendAReportAgainWithTheSameIdUntilTheBrokerTakesIt() {
        AtomicInteger failuresLeft = new AtomicInteger(2);
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
                Future<RecordMetadata> sent = super.send(record, callback);
                return failuresLeft.getAndDecrement() > 0
                        ? CompletableFuture.failedFuture(new TimeoutException("Topic not present in metadata"))
                        : sent;
            }
        };
        KafkaRunReports reports = new KafkaRunReports(producer, "runner-1", Clock.systemUTC());

        reports.report("job", "run-1", RunStatus.Success, 0, null);

        List<RunnerReport> sent = producer.history().stream()
                .map(r -> Topics.RUNNER_REPORTS.valueSerde().deserializer().deserialize(r.topic(), r.value())).toList();
        assertThat(sent).hasSize(3).allSatisfy(r -> {
            assertThat(r.getStatus()).isEqualTo(RunStatus.Success);
            assertThat(r.getReportId()).isEqualTo(sent.get(0).getReportId());
        });
    }
}
