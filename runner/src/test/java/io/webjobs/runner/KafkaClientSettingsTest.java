package io.webjobs.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner's Kafka clients keep every given client setting (SASL, TLS) as it was given. */
class KafkaClientSettingsTest {

    private static final Map<String, Object> SECURED = Map.of(
            "bootstrap.servers", "kafka-1:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"runner\" password=\"s\";",
            "ssl.truststore.location", "/etc/webjobs/truststore.p12",
            "ssl.truststore.password", "changeit");

    @Test
    void shouldPassSecuritySettingsToEveryRunnerClientUnchanged() {
        assertThat(Runner.producerProps(SECURED)).containsAllEntriesOf(SECURED);
        assertThat(Runner.consumerProps(SECURED)).containsAllEntriesOf(SECURED);
        assertThat(ArtifactCache.consumerProps(SECURED)).containsAllEntriesOf(SECURED);
    }
}
