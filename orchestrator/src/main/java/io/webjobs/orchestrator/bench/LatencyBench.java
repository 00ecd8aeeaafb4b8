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
 * {@code webjobs bench latency}: one run at a time, API {@code run} → process started (the runner's
 * Running time stamp, same clock), and process exit (the runner's final time stamp) → final status seen
 * through {@code GET .../history/{id}}, polled every millisecond from the moment the end is reported
 * (a status cannot show an end no runner has reported yet). Baselines: raw {@link ProcessBuilder}
 * start, and one record's produce → consume trip through the same broker.
 */
public final class LatencyBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int samples;
    private final Duration timeout;

    public LatencyBench(int samples, Duration timeout) {
        this.samples = samples;
        this.timeout = timeout;
    }

    public BenchTable run() throws Exception {
        BenchTable table = new BenchTable("latency", Map.of("samples", samples));
        List<Double> toStarted = new ArrayList<>();
        List<Double> toVisible = new ArrayList<>();
        List<Double> toDecided = new ArrayList<>();
        List<Double> toCommitted = new ArrayList<>();
        try (BenchSystem system = BenchSystem.start(); RunWatch watch = new RunWatch(system.kafka())) {
            system.deploy("latency", RunsBench.SCRIPT, false);
            system.startRunners(1, 4, false);
            int warmUp = Math.max(3, samples / 10);
            for (int i = 0; i < warmUp + samples; i++) {
                long sent = System.currentTimeMillis();
                String runId = system.run("latency");
                // GET is polled only once the end is reported: polling it every millisecond from the start
                // loaded the 2 cores while the run started, and so slowed the very start it measures.
                Long running = awaitReport(() -> watch.runningReportedAt(runId));
                Long ended = awaitReport(() -> watch.endReportedAt(runId));
                long visible = awaitFinal(system, runId);
                Long decided = awaitReport(() -> watch.requestedAt(runId));
                Long committed = awaitReport(() -> watch.requestCommittedAt(runId));
                if (i >= warmUp) {
                    toDecided.add((double) (decided - sent));
                    toCommitted.add((double) (committed - sent));
                    toStarted.add((double) (running - sent));
                    toVisible.add((double) (visible - ended));
                }
            }
            List<Double> spawn = rawStart(system.dir(), samples);
            List<Double> trip = KafkaTrip.latencies(system.kafka(), samples);
            table.row("run -> process started p50", BenchTable.percentile(toStarted, 50), "ms",
                    "raw ProcessBuilder.start p50", BenchTable.percentile(spawn, 50));
            table.row("run -> process started p99", BenchTable.percentile(toStarted, 99), "ms",
                    "raw ProcessBuilder.start p99", BenchTable.percentile(spawn, 99));
            // where the way to the process goes: the orchestrator's decision, its commit, then the runner
            table.row("  of which: run -> RunRequested decided p50", BenchTable.percentile(toDecided, 50), "ms");
            table.row("  of which: run -> RunRequested committed p50", BenchTable.percentile(toCommitted, 50), "ms");
            table.row("process exit -> GET shows it p50", BenchTable.percentile(toVisible, 50), "ms",
                    "one Kafka record produce->consume p50", BenchTable.percentile(trip, 50));
            table.row("process exit -> GET shows it p99", BenchTable.percentile(toVisible, 99), "ms",
                    "one Kafka record produce->consume p99", BenchTable.percentile(trip, 99));
        }
        table.note("targets: run -> started p50 <= 25 ms, p99 <= 100 ms; exit -> visible p99 <= 150 ms");
        return table;
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
