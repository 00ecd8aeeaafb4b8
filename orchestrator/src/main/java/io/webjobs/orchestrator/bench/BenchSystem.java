package io.webjobs.orchestrator.bench;

import io.webjobs.orchestrator.api.ApiCredentials;
import io.webjobs.orchestrator.api.UploadLimits;
import io.webjobs.orchestrator.app.Orchestrator;
import io.webjobs.orchestrator.app.OrchestratorConfig;
import io.webjobs.orchestrator.app.RunnerJvm;
import io.webjobs.orchestrator.broker.EmbeddedBroker;
import io.webjobs.orchestrator.domain.FleetRules;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.topology.JobTopology;
import io.webjobs.runner.Runner;
import io.webjobs.runner.RunnerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * What a benchmark runs against: an embedded broker, one orchestrator (its own application id) and
 * runners added and removed by the benchmark, everything under one temporary directory.
 */
final class BenchSystem implements AutoCloseable {

    /** The bench's own system answers the bench's own requests only: a fresh password per run. */
    private static final ApiCredentials CREDENTIALS = ApiCredentials.random("bench");

    static final String APPLICATION_ID = "webjobs-bench";

    private final Path dir;
    private final EmbeddedBroker broker;
    private final Orchestrator orchestrator;
    private final List<Runner> runners = new ArrayList<>();
    private final List<RunnerJvm> runnerProcesses = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ExecutorService clients;
    private int clientCount;

    private BenchSystem(Path dir, EmbeddedBroker broker, Orchestrator orchestrator) {
        this.dir = dir;
        this.broker = broker;
        this.orchestrator = orchestrator;
    }

    static BenchSystem start() throws IOException {
        return start(50);
    }

    /** @param historySize runs kept per job (the size of each job's snapshot, rewritten on every event) */
    static BenchSystem start(int historySize) throws IOException {
        Path dir = Files.createTempDirectory("webjobs-bench");
        EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("kafka"), 0);
        try {
            Orchestrator orchestrator = Orchestrator.start(new OrchestratorConfig(kafka(broker), APPLICATION_ID,
                    dir.resolve("streams"), "127.0.0.1", 0, new JobRules(historySize, 120), OrchestratorConfig.DEFAULT_COMMIT_INTERVAL_MS, (short) 1,
                    FleetRules.DEFAULT, JobTopology.DEFAULT_TICK, CREDENTIALS, UploadLimits.DEFAULT));
            return new BenchSystem(dir, broker, orchestrator);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    private static Map<String, Object> kafka(EmbeddedBroker broker) {
        return Map.of("bootstrap.servers", broker.bootstrapServers());
    }

    Map<String, Object> kafka() {
        return kafka(broker);
    }

    Orchestrator orchestrator() {
        return orchestrator;
    }

    Path dir() {
        return dir;
    }

    String base() {
        return "http://127.0.0.1:" + orchestrator.port();
    }

    /**
     * {@code count} threads for the bench's HTTP clients, kept from one call to the next: a measure counts the CPU
     * of threads alive at its end, and clients started and stopped for each batch of runs were missed.
     */
    synchronized ExecutorService clients(int count) {
        if (clients == null || clientCount != count) {
            if (clients != null) {
                clients.shutdown();
            }
            AtomicInteger started = new AtomicInteger();
            clients = Executors.newFixedThreadPool(count, work -> {
                Thread thread = new Thread(work, "bench-client-" + started.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            clientCount = count;
        }
        return clients;
    }

    /** Starts {@code count} runners of {@code capacity} runs each, dry-run or not. */
    void startRunners(int count, int capacity, boolean dryRun) {
        for (int i = 0; i < count; i++) {
            int n = runners.size() + 1;
            RunnerConfig config = new RunnerConfig(kafka(), "bench-runner-" + n, dir.resolve("runner-" + n),
                    capacity, Clock.systemUTC(), Duration.ofSeconds(3));
            runners.add(Runner.start(dryRun ? config.asDryRun() : config));
        }
    }

    /** Starts {@code count} runners of {@code capacity} runs each, each in a JVM of its own. */
    void startRunnerProcesses(int count, int capacity) throws Exception {
        for (int i = 0; i < count; i++) {
            int n = runners.size() + runnerProcesses.size() + 1;
            String id = "bench-runner-" + n;
            runnerProcesses.add(RunnerJvm.launch(() -> id, dir.resolve("runner-" + n), capacity,
                    broker.bootstrapServers(), null, line -> { }).awaitStarted());
        }
    }

    boolean hasRunnerProcesses() {
        return !runnerProcesses.isEmpty();
    }

    /** The CPU of the runner processes, summed; none (zero) when the runners run in this JVM. */
    ProcessCpu runnerProcessesCpu() {
        ProcessCpu sum = new ProcessCpu(0, 0, 0, 0, HostCpu.now());
        for (RunnerJvm runner : runnerProcesses) {
            sum = sum.plus(ProcessCpu.of(runner.pid()));
        }
        return sum;
    }

    void stopRunners() {
        runners.forEach(Runner::close);
        runners.clear();
        runnerProcesses.forEach(RunnerJvm::close);
        runnerProcesses.clear();
    }

    /** Deploys a triggered job whose run.sh is {@code script}, with concurrency allowed when asked. */
    void deploy(String name, String script, boolean allowConcurrency) {
        byte[] zip = allowConcurrency ? zip("run.sh", script, "settings.job", "{\"concurrency\":\"allow\"}")
                : zip("run.sh", script);
        HttpResponse<String> response = send(request("/api/triggeredwebjobs/" + name)
                .header("Content-Type", "application/zip")
                .header("Content-Disposition", "attachment; filename=" + name + ".zip")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(zip)));
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("deploy of " + name + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /** Triggers a run; answers its run id (from the Location header). */
    String run(String name) {
        HttpResponse<String> response = send(request("/api/triggeredwebjobs/" + name + "/run")
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 202) {
            throw new IllegalStateException("run of " + name + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base() + path)).header("User-Agent", "webjobs-bench")
                .header("Authorization", CREDENTIALS.header());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static byte[] zip(String... nameThenContent) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < nameThenContent.length; i += 2) {
                zip.putNextEntry(new ZipEntry(nameThenContent[i]));
                zip.write(nameThenContent[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() {
        if (clients != null) {
            clients.shutdown();
        }
        stopRunners();
        orchestrator.close();
        broker.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left behind at worst
        }
    }
}
