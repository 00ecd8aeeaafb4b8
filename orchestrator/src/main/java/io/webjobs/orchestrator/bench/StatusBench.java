package io.webjobs.orchestrator.bench;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * {@code webjobs bench status}: {@code GET /api/triggeredwebjobs/{name}} in a loop by N concurrent clients
 * (a job with a finished run, so the answer carries its latest run), next to {@code GET /health} (the
 * same HTTP server with no query) under the same load.
 */
public final class StatusBench {

    private final int clients;
    private final Duration duration;

    public StatusBench(int clients, Duration duration) {
        this.clients = clients;
        this.duration = duration;
    }

    public BenchTable run() throws Exception {
        BenchTable table = new BenchTable("status", Map.of("clients", clients, "seconds", duration.toSeconds()));
        try (BenchSystem system = BenchSystem.start(); RunWatch watch = new RunWatch(system.kafka())) {
            system.deploy("status", RunsBench.SCRIPT, false);
            system.startRunners(1, 4, false);
            system.run("status");
            OrchestrationBench.awaitAtLeast(watch, 1, Duration.ofSeconds(60));
            Duration warmUp = duration.compareTo(Duration.ofSeconds(2)) < 0 ? duration.dividedBy(2) : Duration.ofSeconds(1);
            load(system, "/health", warmUp);
            load(system, "/api/triggeredwebjobs/status", warmUp);
            Result health = load(system, "/health", duration);
            Result status = load(system, "/api/triggeredwebjobs/status", duration);
            table.row("GET job throughput", status.perSecond(), "req/s", "GET /health", health.perSecond());
            table.row("GET job latency p50", status.percentile(50), "ms", "GET /health p50", health.percentile(50));
            table.row("GET job latency p99", status.percentile(99), "ms", "GET /health p99", health.percentile(99));
            table.row("errors (non-200)", status.errors(), "", "GET /health errors", health.errors());
        }
        return table;
    }

    private record Result(List<Double> latencies, double seconds, long errors) {
        double perSecond() {
            return latencies.size() / seconds;
        }

        double percentile(double p) {
            return BenchTable.percentile(latencies, p);
        }
    }

    private Result load(BenchSystem system, String path, Duration length) throws Exception {
        ExecutorService pool = system.clients(clients);
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        long[] errors = new long[clients];
        long start = System.nanoTime();
        long end = start + length.toNanos();
        List<Future<?>> loops = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            loops.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    HttpResponse<String> response = system.get(path);
                    latencies.add((System.nanoTime() - sent) / 1e6);
                    if (response.statusCode() != 200) {
                        errors[client]++;
                    }
                }
            }));
        }
        for (Future<?> loop : loops) {
            loop.get();
        }
        long errorCount = 0;
        for (long e : errors) {
            errorCount += e;
        }
        return new Result(List.copyOf(latencies), (System.nanoTime() - start) / 1e9, errorCount);
    }
}
