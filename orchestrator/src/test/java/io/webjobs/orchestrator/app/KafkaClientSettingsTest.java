package io.webjobs.orchestrator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webjobs.orchestrator.domain.FleetRules;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --kafka-config FILE}: the same client settings reach every Kafka client of the orchestrator. */
class KafkaClientSettingsTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadAPropertiesFileAndLetTheBootstrapOptionWin() throws IOException {
        Path file = Files.writeString(dir.resolve("client.properties"), """
                bootstrap.servers=from-file:9093
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                """);

        assertThat(KafkaClientSettings.of(null, file)).isEqualTo(Map.of("bootstrap.servers", "from-file:9093",
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"));
        assertThat(KafkaClientSettings.of("kafka-1:9093", file)).containsEntry("bootstrap.servers", "kafka-1:9093");
        assertThat(KafkaClientSettings.of("kafka-1:9093", null)).isEqualTo(Map.of("bootstrap.servers", "kafka-1:9093"));
    }

    @Test
    void shouldNameAFileThatCannotBeRead() {
        Path missing = dir.resolve("missing.properties");

        assertThatThrownBy(() -> KafkaClientSettings.of(null, missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read the Kafka client settings in " + missing);
    }

    @Test
    void shouldPassSecuritySettingsToTheStreamsClientsUnchanged() {
        Map<String, Object> secured = Map.of("bootstrap.servers", "kafka-1:9093", "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512", "ssl.truststore.location", "/etc/webjobs/truststore.p12");
        OrchestratorConfig config = new OrchestratorConfig(secured, OrchestratorConfig.DEFAULT_APPLICATION_ID,
                dir.resolve("streams"), "127.0.0.1", 0, new JobRules(50, 120), 50, (short) 3);

        assertThat(Orchestrator.streamsProperties(config)).containsAllEntriesOf(secured);
    }

    @Test
    void shouldRefuseClientSettingsWithoutAnExternalCluster() throws IOException {
        Path file = Files.writeString(dir.resolve("client.properties"), "security.protocol=SSL\n");

        assertThatThrownBy(() -> AllInOne.start(dir, "127.0.0.1", 0, KafkaClientSettings.of(null, file), new AllInOne.Options(
                new JobRules(50, 120), ScheduleRules.DEFAULT, FleetRules.DEFAULT, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("security.protocol")
                .hasMessageContaining("give --bootstrap-servers or bootstrap.servers in the file");
        assertThat(dir.resolve("kafka")).as("no broker was started").doesNotExist();
    }
}
