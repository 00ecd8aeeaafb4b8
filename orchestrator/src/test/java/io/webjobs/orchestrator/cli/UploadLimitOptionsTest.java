package io.webjobs.orchestrator.cli;

import static io.webjobs.orchestrator.cli.OrchestratorCommandTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.orchestrator.api.UploadLimits;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code up} and {@code orchestrator} share the upload-limit options: same names, defaults and checks. */
class UploadLimitOptionsTest {

    private static final String[] CLUSTER = {"--bootstrap-servers", "127.0.0.1:1", "--api-password", "x"};

    @Test
    void shouldGiveTheOrchestratorTheUploadLimitsOfItsOptions() {
        OrchestratorCommand command = new OrchestratorCommand();
        new CommandLine(command).parseArgs(concat(CLUSTER, "--max-upload-mb", "3", "--max-upload-entries", "7",
                "--max-unpacked-mb", "11"));

        assertThat(command.config().uploadLimits()).isEqualTo(new UploadLimits(3L * 1024 * 1024, 7, 11L * 1024 * 1024));
    }

    @Test
    void shouldStartTheOrchestratorWithTheDefaultLimitsWithoutOptions() {
        OrchestratorCommand command = new OrchestratorCommand();
        new CommandLine(command).parseArgs(CLUSTER);

        assertThat(command.config().uploadLimits()).isEqualTo(UploadLimits.DEFAULT);
    }

    @Test
    void shouldParseTheSameOptionsForUp() {
        UpCommand command = new UpCommand();
        new CommandLine(command).parseArgs("--max-upload-mb", "3", "--max-upload-entries", "7", "--max-unpacked-mb", "11");

        assertThat(command.uploadLimits.limits()).isEqualTo(new UploadLimits(3L * 1024 * 1024, 7, 11L * 1024 * 1024));
        UpCommand defaults = new UpCommand();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.uploadLimits.limits()).isEqualTo(UploadLimits.DEFAULT);
    }

    @Test
    void shouldRefuseALimitBelowOneAsAUsageErrorBeforeStarting() {
        for (String option : new String[] {"--max-upload-mb", "--max-upload-entries", "--max-unpacked-mb"}) {
            OrchestratorCommandTest.Result orchestrator = cli(concat(new String[] {"orchestrator"},
                    concat(CLUSTER, option, "0")));
            OrchestratorCommandTest.Result up = cli("up", "--port", "0", "--data-dir", "target/never-started", option, "0");

            assertThat(orchestrator.exitCode()).as("orchestrator " + option).isEqualTo(ExitCodes.USAGE);
            assertThat(orchestrator.err()).contains("must be at least 1").doesNotContain("cannot start");
            assertThat(up.exitCode()).as("up " + option).isEqualTo(ExitCodes.USAGE);
            assertThat(up.err()).contains("must be at least 1").doesNotContain("cannot start");
        }
    }

    @Test
    void shouldListTheUploadLimitsInTheHelpOfBoth() {
        for (String command : new String[] {"orchestrator", "up"}) {
            OrchestratorCommandTest.Result help = cli(command, "--help");

            assertThat(help.out()).as(command).contains("--max-upload-mb").contains("--max-upload-entries")
                    .contains("--max-unpacked-mb");
        }
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
