package io.webjobs.orchestrator.it;

import io.webjobs.orchestrator.api.ApiCredentials;
import io.webjobs.orchestrator.app.Orchestrator;
import io.webjobs.orchestrator.app.OrchestratorConfig;
import io.webjobs.orchestrator.broker.EmbeddedBroker;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.topology.JobTopology;
import io.webjobs.runner.Runner;
import io.webjobs.runner.RunnerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A broker of the test's own (an {@link EmbeddedBroker} under {@code dir}) with the orchestrators and runners
 * the test starts on it, apart from the shared {@link TestSystem}: a test may crash, restart or stop anything
 * here without disturbing the other test classes of the JVM. Same application id, topics, credentials and
 * short timings as the shared system.
 */
final class IsolatedSystem implements AutoCloseable {

    private final Path dir;
    private final int port;
    private EmbeddedBroker broker;
    private final List<AutoCloseable> clients = new ArrayList<>();

    private IsolatedSystem(Path dir, EmbeddedBroker broker) {
        this.dir = dir;
        this.broker = broker;
        String bootstrap = broker.bootstrapServers();
        this.port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    }

    static IsolatedSystem start(Path dir) {
        return new IsolatedSystem(dir, EmbeddedBroker.start(dir.resolve("kafka"), 0));
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    Map<String, Object> kafka() {
        return Map.of("bootstrap.servers", broker.bootstrapServers());
    }

    /** An orchestrator in this JVM keeping its local state in {@code stateDir} (reused if it exists). */
    Orchestrator startOrchestrator(Path stateDir) {
        return startOrchestrator(stateDir, 50, Map.of());
    }

    /** {@code streamsSettings}: added to the Kafka settings of this orchestrator only. */
    Orchestrator startOrchestrator(Path stateDir, long commitIntervalMs, Map<String, Object> streamsSettings) {
        return startOrchestrator(stateDir, commitIntervalMs, Duration.ofMillis(200), streamsSettings);
    }

    /** With the commit interval and fleet tick of {@code up} and {@code webjobs orchestrator}. */
    Orchestrator startOrchestratorWithDefaultTimings(Path stateDir) {
        return startOrchestrator(stateDir, OrchestratorConfig.DEFAULT_COMMIT_INTERVAL_MS, JobTopology.DEFAULT_TICK,
                Map.of());
    }

    private Orchestrator startOrchestrator(Path stateDir, long commitIntervalMs, Duration fleetTick,
            Map<String, Object> streamsSettings) {
        Map<String, Object> settings = new HashMap<>(kafka());
        settings.putAll(streamsSettings);
        Orchestrator orchestrator = Orchestrator.start(new OrchestratorConfig(settings,
                OrchestratorConfig.DEFAULT_APPLICATION_ID, stateDir, "127.0.0.1", 0,
                new JobRules(50, TestSystem.IDLE_TIMEOUT_SECONDS), commitIntervalMs, (short) 1, TestSystem.FLEET_RULES,
                fleetTick, ApiCredentials.of(TestSystem.USER, TestSystem.PASSWORD), TestSystem.UPLOAD_LIMITS));
        clients.add(orchestrator);
        return orchestrator;
    }

    Runner startRunner(String runnerId, boolean dryRun) {
        RunnerConfig config = new RunnerConfig(kafka(), runnerId, dir.resolve("runner-" + runnerId), 8,
                Clock.systemUTC(), TestSystem.HEARTBEAT);
        Runner runner = Runner.start(dryRun ? config.asDryRun() : config);
        clients.add(runner);
        return runner;
    }

    /** Controlled shutdown of the broker; clients stay up and retry. */
    void stopBroker() {
        broker.close();
    }

    /** The broker again on the same port and data directory, as an operator restarts a Kafka node. */
    void startBroker() {
        broker = EmbeddedBroker.start(dir.resolve("kafka"), port);
    }

    @Override
    public void close() {
        // Clients first, newest first, while the broker still answers: they leave their groups at once.
        for (int i = clients.size() - 1; i >= 0; i--) {
            try {
                clients.get(i).close();
            } catch (Exception e) {
                System.err.println("closing " + clients.get(i) + " failed: " + e);
            }
        }
        broker.close();
    }
}
