package io.webjobs.orchestrator.cli;

import static io.webjobs.orchestrator.cli.OrchestratorCommandTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.orchestrator.cli.OrchestratorCommandTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerCommandTest {

    @Test
    void shouldRefuseToStartWithoutACluster(@TempDir Path dir) {
        Result r = cli("runner", "--work-dir", dir.toString());

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("give --bootstrap-servers (or bootstrap.servers in --kafka-config)");
    }

    @Test
    void shouldTakeTheClusterFromTheKafkaConfigFileOrSayWhyNot(@TempDir Path dir) throws Exception {
        Path noCluster = Files.writeString(dir.resolve("client.properties"), "security.protocol=SASL_SSL\n");

        Result withoutBootstrap = cli("runner", "--work-dir", dir.toString(), "--kafka-config", noCluster.toString());
        Result unreadable = cli("runner", "--work-dir", dir.toString(), "--kafka-config",
                dir.resolve("missing.properties").toString());

        assertThat(withoutBootstrap.exitCode()).isNotZero();
        assertThat(withoutBootstrap.err()).contains("give --bootstrap-servers");
        assertThat(unreadable.exitCode()).isNotZero();
        assertThat(unreadable.err()).contains("cannot read the Kafka client settings in").contains("missing.properties");
    }
}
