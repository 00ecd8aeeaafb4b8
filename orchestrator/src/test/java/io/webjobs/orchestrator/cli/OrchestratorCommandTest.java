package io.webjobs.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code webjobs orchestrator}: bad options are refused before anything starts. */
class OrchestratorCommandTest {

    record Result(int exitCode, String out, String err) {
    }

    @Test
    void shouldRefuseToStartWithoutACluster() {
        Result r = cli("orchestrator", "--port", "0");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("give --bootstrap-servers");
    }

    @Test
    void shouldRefuseAReplicationFactorBelowOne() {
        Result r = cli("orchestrator", "--bootstrap-servers", "127.0.0.1:1", "--replication-factor", "0");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("--replication-factor must be at least 1");
    }

    @Test
    void shouldRefuseAnAdvertisedUrlThatIsNotHostAndPort() {
        Result r = cli("orchestrator", "--bootstrap-servers", "127.0.0.1:1", "--api-password", "x",
                "--advertised-url", "https://orchestrator-1:8443/api");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("--advertised-url").contains("http://host:port");
    }

    @Test
    void shouldRefuseNegativeStandbyReplicas() {
        Result r = cli("orchestrator", "--bootstrap-servers", "127.0.0.1:1", "--standby-replicas", "-1");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("--standby-replicas must not be negative");
    }

    @Test
    void shouldListItsClusterOptionsInItsHelp() {
        Result r = cli("orchestrator", "--help");

        assertThat(r.out()).contains("--replication-factor").contains("--application-id").contains("--bootstrap-servers")
                .contains("--advertised-url").contains("--standby-replicas");
    }

    static synchronized Result cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int code = WebJobsCli.execute(args);
            return new Result(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
