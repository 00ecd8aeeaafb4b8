package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webjobs.avro.LogBatch;
import io.webjobs.avro.RunRequest;
import io.webjobs.contract.Topic;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.it.CliEndToEndTest.Result;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** A run started with an X-Correlation-Id is followed by that id across events, run requests and logs. */
class CorrelationEndToEndTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void shouldCarryTheCallersCorrelationIdThroughEventsRunRequestsAndLogs() throws Exception {
        TestSystem system = TestSystem.get();
        Api api = new Api(system.baseUrl());
        String job = "traced-" + UUID.randomUUID().toString().substring(0, 8);
        String correlationId = "trace-" + UUID.randomUUID();
        assertThat(api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("run.sh", "echo traced\n")).status())
                .isEqualTo(200);

        HttpResponse<String> run = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(system.baseUrl() + "/api/triggeredwebjobs/" + job + "/run"))
                .header("X-Correlation-Id", correlationId).header("Authorization", Api.AUTHORIZATION).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(run.statusCode()).isEqualTo(202);
        String location = run.headers().firstValue("Location").orElseThrow();
        String runId = location.substring(location.lastIndexOf('/') + 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get(location).json().path("status").asText(),
                "Success"::equals);

        // The API reads the store, which runs ahead of the log until the topology's transaction commits.
        List<JsonNode> runEvents = await().atMost(Duration.ofSeconds(30)).until(() -> runEvents(job, runId),
                events -> events.size() == 3);
        assertThat(runEvents).extracting(e -> e.get("event").asText()).containsExactly("RunRequested",
                "RunStatusChanged", "RunStatusChanged");
        assertThat(runEvents).allSatisfy(e -> assertThat(e.get("details").get("correlation_id").asText())
                .isEqualTo(correlationId));
        assertThat(read(Topics.RUN_REQUESTS, Topics.jobKey(job))).extracting(RunRequest::getCorrelationId)
                .containsExactly(correlationId);
        assertThat(read(Topics.LOGS, Topics.logKey(job, runId))).isNotEmpty()
                .extracting(LogBatch::getCorrelationId).containsOnly(correlationId);
    }

    private static List<JsonNode> runEvents(String job, String runId) throws Exception {
        Result audit = CliEndToEndTest.cli("audit", "--bootstrap-servers", TestKafka.bootstrapServers(), "--job", job,
                "--json");
        List<JsonNode> runEvents = new ArrayList<>();
        for (String line : audit.out().lines().toList()) {
            JsonNode entry = MAPPER.readTree(line);
            if (runId.equals(entry.path("run_id").asText())) {
                runEvents.add(entry);
            }
        }
        return runEvents;
    }

    /** The topic's records with this key; other tests leave poison records on these topics, so decode only ours. */
    private static <V> List<V> read(Topic<String, V> topic, String key) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                TestKafka.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<V> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        values.add(topic.valueSerde().deserializer().deserialize(topic.name(), r.value()));
                    }
                });
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
            return values;
        }
    }
}
