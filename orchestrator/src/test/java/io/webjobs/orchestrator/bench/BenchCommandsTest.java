package io.webjobs.orchestrator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webjobs.orchestrator.cli.WebJobsCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each benchmark runs with tiny parameters, prints its table and writes its JSON; no figure is judged. */
class BenchCommandsTest {

    @TempDir
    Path dir;

    @Test
    void shouldPrintTheOrchestrationTableWithItsBaseline() throws Exception {
        JsonNode json = assertBench("orchestration", "dry runs completed", "--runs", "20", "--warm-up", "10",
                "--jobs", "4");
        // the stream thread's time split into shares of it: none above the whole, together at most the whole
        double sum = 0;
        int shares = 0;
        for (JsonNode row : json.path("rows")) {
            if (row.path("figure").asText().startsWith("stream thread: ")) {
                assertThat(row.path("value").asDouble()).as(row.path("figure").asText()).isBetween(0.0, 100.0);
                sum += row.path("value").asDouble();
                shares++;
            }
        }
        assertThat(shares).isEqualTo(4);
        assertThat(sum).isLessThanOrEqualTo(100.5);
        // where a dry run's CPU goes, as for the runs bench: this JVM by part and the broker's requests
        assertThat(json.path("rows").toString()).contains("CPU ms/run in this JVM, 1 dry-run runner(s)")
                .contains("CPU stolen by the hypervisor, % of the machine's, over the runs, 1 dry-run runner(s)")
                .contains("of which broker").contains("of which stream thread").contains("of which the JIT compilers")
                .contains("broker handler ms/run, Produce");
        // and the log records a run writes, by topic: each run's command and its events at least
        assertThat(rowValue(json, "value", "  of which webjobs.commands")).isEqualTo(1.0);
        assertThat(json.path("rows").toString()).contains("of which webjobs.events");
    }

    @Test
    void shouldPrintTheRunThroughputTableForOneAndTwoRunners() throws Exception {
        JsonNode json = assertBench("runs", "raw ProcessBuilder", "--runs", "4", "--rounds", "3", "--warm-up", "2",
                "--warm-up-limit", "6", "--clients", "2", "--capacity", "2");
        assertThat(json.path("rows").toString()).contains("1 runner(s)").contains("2 runner(s)")
                // where a run's CPU goes: this JVM by part, the run's process, the broker's requests
                .contains("CPU ms/run in this JVM").contains("CPU ms/run in the run's process")
                .contains("of which broker").contains("of which stream thread").contains("of which the JIT compilers")
                .contains("broker handler ms/run, Produce")
                // a measure the neighbours slowed down is told apart: the steal over the runs, and over raw's
                .contains("CPU stolen by the hypervisor, % of the machine's, over the runs, 1 runner(s)")
                .contains("CPU stolen by the hypervisor, % of the machine's, over raw's spawns, 1 runner(s)");
        assertThat(json.path("parameters").path("warmUpRuns").asInt()).isEqualTo(2);
        // the warm-up goes on in rounds of --runs while the JIT is busy, never past the limit
        for (JsonNode row : json.path("rows")) {
            if (row.path("figure").asText().startsWith("warm-up runs")) {
                assertThat(row.path("value").asInt()).isBetween(2, 6);
            }
        }
        assertThat(json.path("rows").toString()).contains("warm-up runs, 1 runner(s)")
                .contains("JIT share of the JVMs' CPU (this one and the runners') in the last warm-up round, 2 runner(s)");
        // rounds of runs and raw spawns in turn: the median round, and the spread of the ratios
        assertThat(json.path("parameters").path("rounds").asInt()).isEqualTo(3);
        for (String runners : List.of("1 runner(s)", "2 runner(s)")) {
            double median = rowValue(json, "ratio", "runs/s, " + runners + " x 2 slots, the median of 3 rounds");
            assertThat(rowValue(json, "value", "ratio to raw, the lowest round, " + runners)).isPositive()
                    .isLessThanOrEqualTo(median);
            assertThat(rowValue(json, "value", "ratio to raw, the highest round, " + runners))
                    .isGreaterThanOrEqualTo(median);
            // the runners in JVMs of their own, as up and a cluster run them: their CPU apart from this JVM's
            assertThat(rowValue(json, "value", "CPU ms/run in the runner processes' JVMs, " + runners))
                    .isGreaterThanOrEqualTo(0);
            // the same runs next to raw spawns from a lean JVM, measured in the same rounds
            assertThat(rowValue(json, "baselineValue", "runs/s, " + runners
                    + ", the median of 3 rounds against raw in a lean JVM")).isPositive();
            assertThat(rowValue(json, "value", "raw in a lean JVM, CPU ms per spawn in the process, the median round, "
                    + runners)).isGreaterThanOrEqualTo(0);
        }
        assertThat(json.path("parameters").path("runnersIn").asText()).isEqualTo("their own JVMs");
    }

    @Test
    void shouldRunTheRunnersInTheBenchJvmWhenAsked() throws Exception {
        JsonNode json = assertBench("runs", "raw ProcessBuilder", "--runs", "4", "--rounds", "1", "--warm-up", "2",
                "--warm-up-limit", "2", "--clients", "2", "--capacity", "2", "--in-process-runners");
        assertThat(json.path("parameters").path("runnersIn").asText()).isEqualTo("this JVM");
        assertThat(json.path("rows").toString()).contains("runs/s, 2 runner(s) x 2 slots, the median of 1 rounds")
                .doesNotContain("runner processes' JVMs");
    }

    @Test
    void shouldPrintTheLatencyPercentiles() throws Exception {
        JsonNode json = assertBench("latency", "process exit -> GET shows it p99", "--samples", "3",
                "--warm-up", "20");
        // the first runs after start apart from the measure on a warm system
        assertThat(json.path("rows").toString()).contains("run -> process started p50, the first 3 runs after start");
        assertThat(json.path("parameters").path("warmUpRuns").asInt()).isEqualTo(20);
    }

    @Test
    void shouldRefuseANegativeWarmUp() {
        assertRefused("--warm-up must be 0 or more", "latency", "--warm-up", "-1");
    }

    @Test
    void shouldPrintTheStatusQueryTable() throws Exception {
        assertBench("status", "GET job throughput", "--clients", "2", "--seconds", "1");
    }

    @Test
    void shouldPrintTheStartupTimeAndIdleMemory() throws Exception {
        assertBench("startup", "idle RSS", "--rounds", "1", "--idle", "0");
    }

    @Test
    void shouldPrintScheduleLatenessNextToQuartzForEachScheduleCount() throws Exception {
        JsonNode json = assertBench("schedules", "Quartz RAMJobStore", "--schedules", "3,5", "--period", "1",
                "--measure", "1", "--stream-threads", "3");
        assertThat(json.path("rows").toString()).contains("lateness p50, N=3, 3 stream threads")
                .contains("lateness p50, N=5, 3 stream threads").contains("fires / expected, N=5, 3 stream threads");
    }

    @Test
    void shouldRefuseMoreStreamThreadsThanJobPartitions() {
        Result result = assertRefused("--stream-threads must be between 1 and 3", "schedules", "--stream-threads", "1,4");
        assertThat(result.code()).isEqualTo(2);
    }

    @Test
    void shouldRefuseANonPositiveRunCount() {
        assertRefused("--runs must be at least 1", "runs", "--runs", "0");
        assertRefused("--rounds must be at least 1", "runs", "--rounds", "0");
    }

    @Test
    void shouldRefuseAWarmUpLimitBelowTheWarmUp() {
        assertRefused("--warm-up-limit must be at least --warm-up (500)", "runs", "--warm-up", "500",
                "--warm-up-limit", "100");
    }

    /** The bench refuses the options with this error, exits non-zero and writes no result. */
    private Result assertRefused(String error, String name, String... options) {
        Path json = dir.resolve("x.json");
        Result result = bench(name, json, options);
        assertThat(result.code()).isNotZero();
        assertThat(result.err()).contains(error);
        assertThat(json).doesNotExist();
        return result;
    }

    private JsonNode assertBench(String name, String figure, String... options) throws Exception {
        Path json = dir.resolve(name + ".json");
        Result result = bench(name, json, options);
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains("bench " + name).contains("figure").contains(figure);
        JsonNode written = new ObjectMapper().readTree(json.toFile());
        assertThat(written.path("bench").asText()).isEqualTo(name);
        assertThat(written.path("rows").toString()).contains(figure);
        return written;
    }

    /** {@code webjobs bench NAME OPTIONS --out JSON}. */
    private static Result bench(String name, Path json, String... options) {
        String[] args = new String[options.length + 4];
        args[0] = "bench";
        args[1] = name;
        System.arraycopy(options, 0, args, 2, options.length);
        args[options.length + 2] = "--out";
        args[options.length + 3] = json.toString();
        return cli(args);
    }

    record Result(int code, String out, String err) {
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

    /** The {@code field} ("value", "ratio") of the row named {@code figure}. */
    private static double rowValue(JsonNode json, String field, String figure) {
        for (JsonNode row : json.path("rows")) {
            if (row.path("figure").asText().equals(figure)) {
                return row.path(field).asDouble();
            }
        }
        throw new AssertionError("no row " + figure + " in " + json.path("rows"));
    }
}
