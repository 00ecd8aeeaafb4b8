package io.webjobs.orchestrator.bench;

import io.webjobs.orchestrator.api.ApiCredentials;
import io.webjobs.orchestrator.api.UploadLimits;
import io.webjobs.orchestrator.app.Orchestrator;
import io.webjobs.orchestrator.app.OrchestratorConfig;
import io.webjobs.orchestrator.broker.EmbeddedBroker;
import io.webjobs.orchestrator.domain.FleetRules;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.topology.JobTopology;
import io.webjobs.runner.Runner;
import io.webjobs.runner.RunnerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
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
    private ExecutorService clients;
    private int clientCount;
    static {
        // The clients keep their connections: the JDK keeps 5 idle ones per server by default, and 128 clients
        // at once then opened a new connection for most requests.
        System.setProperty("http.maxConnections", "1024");
    }

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

    void stopRunners() {
        runners.forEach(Runner::close);
        runners.clear();
    }

    /** An HTTP answer: its status, its Location header (if any) and its body. */
    record Reply(int status, String location, String body) {
    }

    /** Deploys a triggered job whose run.sh is {@code script}, with concurrency allowed when asked. */
    void deploy(String name, String script, boolean allowConcurrency) {
        byte[] zip = allowConcurrency ? zip("run.sh", script, "settings.job", "{\"concurrency\":\"allow\"}")
                : zip("run.sh", script);
        Reply reply = send("PUT", "/api/triggeredwebjobs/" + name, zip,
                Map.of("Content-Type", "application/zip", "Content-Disposition", "attachment; filename=" + name + ".zip"));
        if (reply.status() / 100 != 2) {
            throw new IllegalStateException("deploy of " + name + " answered " + reply.status() + ": " + reply.body());
        }
    }

    /** Triggers a run; answers its run id (from the Location header). */
    String run(String name) {
        Reply reply = send("POST", "/api/triggeredwebjobs/" + name + "/run", new byte[0], Map.of());
        if (reply.status() != 202 || reply.location() == null) {
            throw new IllegalStateException("run of " + name + " answered " + reply.status() + ": " + reply.body());
        }
        return reply.location().substring(reply.location().lastIndexOf('/') + 1);
    }

    Reply get(String path) {
        return send("GET", path, null, Map.of());
    }

    /**
     * A blocking request on this thread's kept-alive connection. The benches' clients are load, not the system
     * measured: {@code java.net.http} handed every request from the caller to its selector thread and the answer
     * to a worker and back, about 0.1 ms of this JVM's CPU per run in {@code bench runs}.
     */
    private Reply send(String method, String path, byte[] body, Map<String, String> headers) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(base() + path).toURL().openConnection();
            connection.setRequestMethod(method);
            connection.setRequestProperty("User-Agent", "webjobs-bench");
            connection.setRequestProperty("Authorization", CREDENTIALS.header());
            headers.forEach(connection::setRequestProperty);
            if (body != null) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(body.length);
                connection.getOutputStream().write(body);
            }
            int status = connection.getResponseCode();
            // read to the end, so the connection goes back to be kept alive
            InputStream answer = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String text = "";
            if (answer != null) {
                try (answer) {
                    text = new String(answer.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return new Reply(status, connection.getHeaderField("Location"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
