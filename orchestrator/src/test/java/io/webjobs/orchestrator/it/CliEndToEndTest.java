package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.TriggeredJobEndToEndTest.uniqueName;
import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.orchestrator.cli.WebJobsCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client commands of the CLI against the running system, as a shell user would use them. */
class CliEndToEndTest {

    record Result(int exitCode, String out, String err) {
    }

    @Test
    void shouldDeployRunAndShowHistoryAndLogs(@TempDir Path dir) throws Exception {
        String url = TestSystem.get().baseUrl();
        String job = uniqueName("cli");
        Path zip = dir.resolve("job.zip");
        Files.write(zip, aZipWith("run.sh", "echo \"cli says $1\"\n"));

        assertThat(cli("deploy", job, zip.toString(), "--url", url).exitCode()).isZero();
        Result run = cli("run", job, "--args", "hi", "--wait", "--url", url);
        Result history = cli("history", job, "--url", url);
        Result status = cli("status", job, "--url", url);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("run \\d{18} Success after");
        assertThat(history.out()).contains("Success").contains("External - webjobs-cli");
        assertThat(status.out()).contains("latest run:").contains("Success");
        Result logs = TriggeredJobEndToEndTest.awaitCli(() -> cli("logs", job, "--url", url), r -> r.out().contains("cli says hi"));
        assertThat(logs.exitCode()).isZero();
    }

    @Test
    void shouldFailWithOneClearLineForAnUnknownJob() throws Exception {
        Result result = cli("run", "no-such-job", "--url", TestSystem.get().baseUrl());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err().strip()).isEqualTo("error: 404 Triggered job 'no-such-job' not found.");
    }

    @Test
    void shouldSayWhenTheServerCannotBeReached() throws Exception {
        Result result = cli("status", "x", "--url", "http://127.0.0.1:1");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("cannot reach webjobs at http://127.0.0.1:1");
    }

    /** Runs the CLI in this JVM; a client command (one with --url) gets the test system's credentials. */
    static synchronized Result cli(String... args) {
        return cliAs(java.util.Arrays.asList(args).contains("--url")
                ? new String[] {"--user", TestSystem.USER, "--password", TestSystem.PASSWORD} : new String[0], args);
    }

    static synchronized Result cliAs(String[] credentials, String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(credentials))
                .toArray(String[]::new);
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int code = WebJobsCli.execute(all);
            return new Result(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
