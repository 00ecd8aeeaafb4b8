package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.TriggeredJobEndToEndTest.uniqueName;
import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webjobs.orchestrator.cli.WebJobsCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client commands of the CLI against the running system, as a shell user would use them. */
class CliEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(int exitCode, String out, String err) {

        /** stdout as the one JSON document a script reads with --json. */
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("stdout is not one JSON document: " + out, e);
            }
        }

        /** stdout as NDJSON: one JSON object per line. */
        List<JsonNode> jsonLines() {
            return out.lines().map(line -> {
                try {
                    return JSON.readTree(line);
                } catch (IOException e) {
                    throw new UncheckedIOException("not a JSON line: " + line, e);
                }
            }).toList();
        }
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
    void shouldPrintEachStepOfARunAsJson(@TempDir Path dir) throws Exception {
        String url = TestSystem.get().baseUrl();
        String job = uniqueName("cli-json");
        Path zip = dir.resolve("job.zip");
        Files.write(zip, aZipWith("run.sh", "echo \"json says $1\"\n"));

        Result deployed = cli("deploy", job, zip.toString(), "--json", "--url", url);
        Result requested = cli("run", job, "--json", "--url", url);
        String requestedId = requested.json().path("id").asText();
        // a script's own wait: poll status --json until the requested run is done (one run at a time per job)
        TriggeredJobEndToEndTest.awaitCli(() -> cli("status", job, "--json", "--url", url).json().path("latest_run"),
                run -> run.path("id").asText().equals(requestedId) && run.path("status").asText().equals("Success"));
        Result waited = cli("run", job, "--args", "hi", "--wait", "--json", "--url", url);
        Result status = cli("status", job, "--json", "--url", url);
        Result history = cli("history", job, "--json", "--url", url);
        assertThat(waited.exitCode()).as(waited.err()).isZero();
        String runId = waited.json().path("id").asText();
        Result logged = TriggeredJobEndToEndTest.awaitCli(() -> cli("logs", job, runId, "--json", "--url", url),
                r -> r.out().contains("json says hi"));

        assertThat(deployed.exitCode()).as(deployed.err()).isZero();
        assertThat(deployed.json().path("name").asText()).isEqualTo(job);
        assertThat(deployed.json().path("run_command").asText()).isEqualTo("run.sh");
        assertThat(requested.exitCode()).as(requested.err()).isZero();
        assertThat(requestedId).matches("\\d{18}");
        assertThat(requested.json().path("url").asText()).endsWith("/history/" + requestedId);
        assertThat(waited.json().path("status").asText()).isEqualTo("Success");
        assertThat(status.json().path("latest_run").path("id").asText()).isEqualTo(runId);
        assertThat(status.json().path("latest_run").path("status").asText()).isEqualTo("Success");
        assertThat(history.json().path("runs").findValuesAsText("id")).contains(runId, requestedId);
        assertThat(logged.exitCode()).isZero();
        JsonNode log = logged.json();
        assertThat(log.path("run_id").asText()).isEqualTo(runId);
        assertThat(log.path("lines").findValuesAsText("message")).contains("json says hi");
        assertThat(log.path("lines").findValuesAsText("level")).contains("INFO", "SYS INFO");
    }

    @Test
    void shouldFollowARunsLogAsOneJsonObjectPerLine() {
        String url = TestSystem.get().baseUrl();
        Api api = new Api(url);
        String job = uniqueName("cli-follow-json");
        api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("run.sh",
                "for i in 1 2 3; do echo \"line $i\"; sleep 0.2; done\n"));
        assertThat(api.post("/api/triggeredwebjobs/" + job + "/run").status()).isEqualTo(202);

        Result followed = cli("logs", job, "--follow", "--json", "--url", url);

        assertThat(followed.exitCode()).as(followed.err()).isZero();
        List<JsonNode> lines = followed.jsonLines();
        assertThat(lines).extracting(line -> line.path("message").asText())
                .contains("line 1", "line 2", "line 3", "Status changed to Success");
        assertThat(lines).allSatisfy(line -> assertThat(line.path("time").asText()).endsWith("Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "history", "run", "logs", "delete", "settings get", "start", "stop", "webhook"})
    void shouldExitOneWithOneLineOnStderrForAnUnknownJobWithJson(String command) {
        Result result = cli(Stream.concat(Stream.of(command.split(" ")), Stream.of("no-such-job", "--json", "--url",
                TestSystem.get().baseUrl())).toArray(String[]::new));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("error: 404 ").contains("no-such-job").doesNotContain("\tat ");
        assertThat(result.err().lines()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "deploy x job.zip", "run x", "start x", "stop x", "delete x", "status x",
        "history x", "logs x", "settings get x", "settings set x {}", "app-settings get", "app-settings set A=1",
        "runners", "webhook x", "verify"})
    void shouldExitTwoOnAnUnknownOptionWithJson(String command) {
        Result result = cli(Stream.concat(Stream.of(command.split(" ")), Stream.of("--json", "--no-such-option",
                "--url", TestSystem.get().baseUrl())).toArray(String[]::new));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("Unknown option: '--no-such-option'").doesNotContain("\tat ");
    }

    @Test
    void shouldExitTwoOnABadArgumentFoundByTheCommand(@TempDir Path dir) throws Exception {
        String url = TestSystem.get().baseUrl();
        Path script = dir.resolve("run.sh");
        Files.writeString(script, "echo\n");

        Result type = cli("deploy", uniqueName("cli-bad"), script.toString(), "--type", "hourly", "--json", "--url", url);
        Result missing = cli("deploy", uniqueName("cli-bad"), dir.resolve("nothing.zip").toString(), "--json", "--url", url);
        Result asOf = cli("status", "any", "--as-of", "last tuesday", "--json", "--url", url);

        assertThat(type.exitCode()).isEqualTo(2);
        assertThat(type.err().strip()).isEqualTo("error: unknown job type 'hourly': use triggered or continuous");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("error: no such file: ");
        assertThat(asOf.exitCode()).isEqualTo(2);
        assertThat(asOf.err()).startsWith("error: --as-of: 'last tuesday' is not a time");
        assertThat(type.out() + missing.out() + asOf.out()).isEmpty();
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
        // The CLI's own out and err, not System.out: the system under test logs to the console from other threads.
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WebJobsCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Result(code, out.toString(), err.toString());
    }
}
