package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.webjobs.avro.JobSnapshot;
import io.webjobs.avro.JobType;
import java.time.Instant;
import io.webjobs.contract.AvroSerde;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.app.OrchestratorConfig;
import io.webjobs.orchestrator.it.CliEndToEndTest.Result;
import io.webjobs.orchestrator.topology.JobTopology;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@code webjobs verify} on the running system. To make the store disagree honestly, the test writes a
 * divergent snapshot of a job straight into the job store's changelog topic (as a corrupted or
 * hand-edited changelog would) and restarts the orchestrator with an empty state directory, so the
 * store is restored from that changelog while the event log still says otherwise.
 */
class VerifyEndToEndTest {

    private static final String CHANGELOG = OrchestratorConfig.DEFAULT_APPLICATION_ID + "-" + JobTopology.JOB_STORE
            + "-changelog";

    @Test
    void shouldPassOnAHealthySystemAndFailWhenTheStoreDisagreesWithTheLog() throws Exception {
        TestSystem system = TestSystem.get();
        String job = "verified-" + UUID.randomUUID().toString().substring(0, 8);
        Api api = new Api(system.baseUrl());
        assertThat(api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("run.sh", "echo ok\n")).status())
                .isEqualTo(200);

        Result healthy = verify();
        assertThat(healthy.exitCode()).as(healthy.out() + healthy.err()).isZero();
        assertThat(healthy.out()).startsWith("ok: ");

        JobSnapshot stored = snapshotOf(api, job);
        stored.setStopped(true);
        stored.setSettingsJson("{\"tampered\":true}");
        try (KafkaProducer<String, JobSnapshot> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                TestKafka.bootstrapServers()), new StringSerializer(), AvroSerde.of(JobSnapshot.class))) {
            producer.send(new ProducerRecord<>(CHANGELOG, Topics.jobKey(job), stored)).get();
        }
        system.restartOrchestrator();
        Api restarted = new Api(system.baseUrl());
        await().atMost(Duration.ofSeconds(60)).until(() -> restarted.get("/api/triggeredwebjobs/" + job)
                .json().path("settings").path("tampered").asBoolean());

        Result diverged = verify();
        assertThat(diverged.exitCode()).isEqualTo(1);
        assertThat(diverged.out()).contains("2 difference(s)")
                .contains(job + ": settings is {} in the log but {\"tampered\":true} in the store")
                .contains(job + ": stopped is false in the log but true in the store");

        // Deleting the job through the topology makes store and log agree again.
        assertThat(restarted.delete("/api/triggeredwebjobs/" + job).status()).isEqualTo(200);
        Result repaired = verify();
        assertThat(repaired.exitCode()).as(repaired.out()).isZero();
    }

    private static JobSnapshot snapshotOf(Api api, String job) {
        // The store's current value, as the v2 route shows it, rebuilt as the snapshot the store holds.
        JsonNode json = api.get("/api/v2/jobs/" + job).json();
        return JobSnapshot.newBuilder().setName(json.get("name").asText())
                .setType(JobType.valueOf(json.get("type").asText()))
                .setArtifactDigest(json.get("artifact").asText())
                .setArtifactSize(json.get("artifact_size").asLong())
                .setEntryPoint(json.get("entry_point").asText())
                .setSettingsJson(json.get("settings").asText())
                .setStopped(json.get("stopped").asBoolean())
                .setDeployedAt(Instant.parse(json.get("deployed_at").asText()))
                .build();
    }

    private static Result verify() {
        return CliEndToEndTest.cli("verify", "--url", TestSystem.get().baseUrl());
    }
}
