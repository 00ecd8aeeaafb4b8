package io.webjobs.orchestrator.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerKafkaSettingsTest {

    @Test
    void shouldHandTheRunnersWhatTheKafkaConfigAddsReadableByItsOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = RunnerKafkaSettings.write(Map.of("bootstrap.servers", "kafka:9092",
                "security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"), dir);

        assertThat(file).isEqualTo(dir.resolve(RunnerKafkaSettings.NAME));
        // the runner reads it back as up's clients were configured, the bootstrap servers given apart
        assertThat(KafkaClientSettings.of("kafka:9092", file)).isEqualTo(Map.of("bootstrap.servers", "kafka:9092",
                "security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"));
        assertThat(Files.readString(file)).doesNotContain("bootstrap.servers");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void shouldWriteNothingForTheEmbeddedBrokerAndForgetAnEarlierFile(@TempDir Path dir) throws Exception {
        RunnerKafkaSettings.write(Map.of("bootstrap.servers", "kafka:9092", "security.protocol", "SSL"), dir);

        Path file = RunnerKafkaSettings.write(Map.of("bootstrap.servers", "127.0.0.1:9092"), dir);

        assertThat(file).isNull();
        assertThat(dir.resolve(RunnerKafkaSettings.NAME)).doesNotExist();
    }
}
