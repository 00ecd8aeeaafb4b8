package io.webjobs.orchestrator.cli;

import static io.webjobs.orchestrator.cli.OrchestratorCommandTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.orchestrator.app.Orchestrator;
import io.webjobs.orchestrator.app.OrchestratorConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StreamThreadsOptionTest {

    private static final String[] CLUSTER = {"--bootstrap-servers", "127.0.0.1:1", "--api-password", "x"};

    @Test
    void shouldGiveKafkaStreamsTheThreadsAsked() {
        OrchestratorCommand command = new OrchestratorCommand();
        new CommandLine(command).parseArgs(concat(CLUSTER, "--stream-threads", "3"));

        OrchestratorConfig config = command.config();

        assertThat(config.streamThreads()).isEqualTo(3);
        assertThat(Orchestrator.streamsProperties(config)).containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 3);
    }

    @Test
    void shouldGiveKafkaStreamsTheStandbyReplicasAndTheAdvertisedServerOfAClusterInstance() {
        OrchestratorCommand command = new OrchestratorCommand();
        new CommandLine(command).parseArgs(concat(CLUSTER, "--standby-replicas", "2", "--advertised-url",
                "http://orchestrator-2:8081"));
        OrchestratorCommand defaults = new OrchestratorCommand();
        new CommandLine(defaults).parseArgs(CLUSTER);

        assertThat(Orchestrator.streamsProperties(command.config()))
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 2)
                .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "orchestrator-2:8081");
        assertThat(Orchestrator.streamsProperties(defaults.config()))
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, OrchestratorConfig.DEFAULT_STANDBY_REPLICAS);
    }

    @Test
    void shouldRunOneStreamThreadByDefault() {
        OrchestratorCommand command = new OrchestratorCommand();
        new CommandLine(command).parseArgs(CLUSTER);

        assertThat(Orchestrator.streamsProperties(command.config()))
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        UpCommand up = new UpCommand();
        new CommandLine(up).parseArgs("--stream-threads", "2");
        assertThat(up.streamThreads.threads()).isEqualTo(2);
    }

    @Test
    void shouldRefuseMoreThreadsThanJobPartitionsAsAUsageErrorBeforeStarting() {
        for (String threads : new String[] {"0", "4"}) {
            OrchestratorCommandTest.Result orchestrator = cli(concat(new String[] {"orchestrator"},
                    concat(CLUSTER, "--stream-threads", threads)));
            OrchestratorCommandTest.Result up = cli("up", "--port", "0", "--data-dir", "target/never-started",
                    "--stream-threads", threads);

            assertThat(orchestrator.exitCode()).as("orchestrator " + threads).isEqualTo(ExitCodes.USAGE);
            assertThat(orchestrator.err()).contains("--stream-threads must be between 1 and 3");
            assertThat(up.exitCode()).as("up " + threads).isEqualTo(ExitCodes.USAGE);
            assertThat(up.err()).contains("--stream-threads must be between 1 and 3").doesNotContain("cannot start");
        }
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
