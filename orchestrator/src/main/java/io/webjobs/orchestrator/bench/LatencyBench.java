package io.webjobs.orchestrator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * {@code webjobs bench latency}: one run at a time on a warm system, API {@code run} → process started (the runner's
 * Running time stamp, same clock), and process exit (the runner's final time stamp) → final status seen
 * through {@code GET .../history/{id}}, polled every millisecond from the moment the end is reported
 * (a status cannot show an end no runner has reported yet). Baselines: raw {@link ProcessBuilder}
 * start, and one record's produce → consume trip through the same broker.
 * <p>
 * Warm: the first runs after start are measured apart, then a burst of runs from several clients warms
 * the JIT before the measure. The first 200 runs alone (as this bench measured before) spent their time
 * compiling: a raw transactional consume → produce → commit on this broker takes 12 ms then, 1.8 ms once
 * warm, and so p50 was 21–28 ms cold against 15–16 ms after a thousand runs.
 */
public final class LatencyBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Concurrent clients of the warm-up burst (and the jobs it runs on, with concurrency allowed). */
    private static final int WARM_UP_CLIENTS = 16;

    private final int samples;
    private final int warmUpRuns;
    private final Duration timeout;

    /** @param warmUpRuns runs sent in a burst after the first runs and before the measure */
    public LatencyBench(int samples, int warmUpRuns, Duration timeout) {
        this.samples = samples;
        this.warmUpRuns = warmUpRuns;
        this.timeout = timeout;
    }

    public BenchTable run() throws Exception {
        BenchTable table = new BenchTable("latency", Map.of("samples", samples, "warmUpRuns", warmUpRuns));
        Samples first = new Samples();
        Samples measured = new Samples();
        try (BenchSystem system = BenchSystem.start(); RunWatch watch = new RunWatch(system.kafka(), true)) {
            system.deploy("latency", RunsBench.SCRIPT, false);
            for (int j = 0; j < WARM_UP_CLIENTS; j++) {
                system.deploy("warm-up-" + j, RunsBench.SCRIPT, true);
            }
            system.startRunnerProcesses(1, 4); // a runner JVM of its own, as up runs it
            int firstRuns = Math.max(3, samples / 10);
            measure(system, watch, firstRuns, first);
            RunsBench.submit(system, watch, "warm-up-", WARM_UP_CLIENTS, warmUpRuns, WARM_UP_CLIENTS, timeout);
            // a few alone again: the burst's last commits and runs are over before the measure
            measure(system, watch, firstRuns, new Samples());
            measure(system, watch, samples, measured);
            List<Double> spawn = rawStart(system.dir(), samples);
            List<Double> trip = KafkaTrip.latencies(system.kafka(), samples);
            table.row("run -> process started p50", BenchTable.percentile(measured.toStarted, 50), "ms",
                    "raw ProcessBuilder.start p50", BenchTable.percentile(spawn, 50));
            table.row("run -> process started p99", BenchTable.percentile(measured.toStarted, 99), "ms",
                    "raw ProcessBuilder.start p99", BenchTable.percentile(spawn, 99));
            // where the way to the process goes: the orchestrator's decision, its commit, then the runner
            table.row("  of which: run -> RunRequested decided p50", BenchTable.percentile(measured.toDecided, 50),
                    "ms");
            table.row("  of which: run -> RunRequested committed p50",
                    BenchTable.percentile(measured.toCommitted, 50), "ms");
            table.row("process exit -> GET shows it p50", BenchTable.percentile(measured.toVisible, 50), "ms",
                    "one Kafka record produce->consume p50", BenchTable.percentile(trip, 50));
            table.row("process exit -> GET shows it p99", BenchTable.percentile(measured.toVisible, 99), "ms",
                    "one Kafka record produce->consume p99", BenchTable.percentile(trip, 99));
            table.row("run -> process started p50, the first " + firstRuns + " runs after start",
                    BenchTable.percentile(first.toStarted, 50), "ms");
            table.row("process exit -> GET shows it p50, the first " + firstRuns + " runs after start",
                    BenchTable.percentile(first.toVisible, 50), "ms");
        }
        table.note("targets: run -> started p50 <= 25 ms, p99 <= 100 ms; exit -> visible p99 <= 150 ms");
        return table;
    }

    /** The way of each run, in ms: sent → decided, → committed, → process started; process exit → visible. */
    private static final class Samples {
        final List<Double> toDecided = new ArrayList<>();
        final List<Double> toCommitted = new ArrayList<>();
        final List<Double> toStarted = new ArrayList<>();
        final List<Double> toVisible = new ArrayList<>();
    }

    /** {@code count} runs of the latency job, one at a time, each into {@code samples}. */
    private void measure(BenchSystem system, RunWatch watch, int count, Samples samples) throws Exception {
        for (int i = 0; i < count; i++) {
            long sent = System.currentTimeMillis();
            String runId = system.run("latency");
            // GET is polled only once the end is reported: polling it every millisecond from the start
            // loaded the 2 cores while the run started, and so slowed the very start it measures.
            Long running = awaitReport(() -> watch.runningReportedAt(runId));
            Long ended = awaitReport(() -> watch.endReportedAt(runId));
            long visible = awaitFinal(system, runId);
            Long decided = awaitReport(() -> watch.requestedAt(runId));
            Long committed = awaitReport(() -> watch.requestCommittedAt(runId));
            samples.toDecided.add((double) (decided - sent));
            samples.toCommitted.add((double) (committed - sent));
            samples.toStarted.add((double) (running - sent));
            samples.toVisible.add((double) (visible - ended));
        }
    }

    private long awaitFinal(BenchSystem system, String runId) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = system.get("/api/triggeredwebjobs/latency/history/" + runId);
            if (response.statusCode() == 200) {
                String status = JSON.readTree(response.body()).path("status").asText();
                if (status.equals("Success") || status.equals("Failed") || status.equals("Aborted")) {
                    return System.currentTimeMillis();
                }
            }
            Thread.sleep(1);
        }
        throw new TimeoutException("run " + runId + " did not end in " + timeout.toSeconds() + " s");
    }

    private Long awaitReport(java.util.function.Supplier<Long> report) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Long at = report.get();
            if (at != null) {
                return at;
            }
            Thread.sleep(1);
        }
        throw new TimeoutException("no runner report within " + timeout.toSeconds() + " s");
    }

    private static List<Double> rawStart(Path dir, int samples) throws Exception {
        Path work = Files.createDirectories(dir.resolve("raw-latency"));
        Files.writeString(work.resolve("run.sh"), RunsBench.SCRIPT);
        List<Double> starts = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            Process process = new ProcessBuilder("bash", "run.sh").directory(work.toFile()).start();
            starts.add((System.nanoTime() - start) / 1e6);
            process.waitFor();
        }
        return starts;
    }
}
