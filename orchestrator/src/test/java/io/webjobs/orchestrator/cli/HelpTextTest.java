package io.webjobs.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's {@code --help} prints its options as written, with no formatting warnings in between. */
class HelpTextTest {

    @Test
    void shouldPrintEveryCommandsHelpWithoutWarnings() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new WebJobsCli()), new ArrayList<>(), paths);

        assertThat(paths).hasSizeGreaterThan(10);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            OrchestratorCommandTest.Result r = OrchestratorCommandTest.cli(args.toArray(String[]::new));

            assertThat(r.exitCode()).as("exit code of %s", args).isZero();
            assertThat(r.err()).as("stderr of %s", args).doesNotContain("WARN");
            assertThat(r.out()).as("help of %s", args).startsWith("Usage: webjobs").doesNotContain("%n");
        }
    }

    /** The command paths below {@code command}, each without the root's own name. */
    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals(sub.getCommandName())) {
                return; // an alias: the same command is visited under its name
            }
            List<String> subPath = new ArrayList<>(path);
            subPath.add(name);
            paths.add(subPath);
            collect(sub, subPath, paths);
        });
    }
}
