package io.webjobs.orchestrator.app;

import io.webjobs.orchestrator.broker.EmbeddedBroker;
import io.webjobs.orchestrator.domain.FleetRules;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.topology.JobTopology;
import io.webjobs.runner.Runner;
import io.webjobs.runner.RunnerConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code webjobs up}: an embedded broker (unless an external cluster is given), one orchestrator and
 * one runner in this JVM, with every piece of state under one data directory.
 */
public final class AllInOne implements AutoCloseable {

    private final EmbeddedBroker broker;
    private final Orchestrator orchestrator;
    private final List<Runner> runners;

    private AllInOne(EmbeddedBroker broker, Orchestrator orchestrator, List<Runner> runners) {
        this.broker = broker;
        this.orchestrator = orchestrator;
        this.runners = runners;
    }

    public static AllInOne start(Path dataDir, String host, int httpPort, String bootstrapServers, JobRules rules) {
        return start(dataDir, host, httpPort, bootstrapServers, rules, 1, FleetRules.DEFAULT);
    }

    /** {@code runnerCount} runners in this process, each its own instance with its own work folder. */
    public static AllInOne start(Path dataDir, String host, int httpPort, String bootstrapServers, JobRules rules,
            int runnerCount, FleetRules fleetRules) {
        EmbeddedBroker broker = bootstrapServers == null ? EmbeddedBroker.start(dataDir.resolve("kafka"), 0) : null;
        try {
            String bootstrap = broker != null ? broker.bootstrapServers() : bootstrapServers;
            Map<String, Object> kafka = Map.of("bootstrap.servers", bootstrap);
            Orchestrator orchestrator = Orchestrator.start(new OrchestratorConfig(kafka,
                    OrchestratorConfig.DEFAULT_APPLICATION_ID, dataDir.resolve("streams"), host, httpPort, rules, 50,
                    (short) 1, fleetRules, JobTopology.DEFAULT_TICK));
            List<Runner> runners = new ArrayList<>();
            for (int i = 0; i < runnerCount; i++) {
                runners.add(Runner.start(new RunnerConfig(kafka, runnerId(), dataDir.resolve(i == 0 ? "runner"
                        : "runner-" + (i + 1)), 4, Clock.systemUTC())));
            }
            return new AllInOne(broker, orchestrator, runners);
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
    }

    static String runnerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "runner";
        }
        return UUID.randomUUID().toString().substring(0, 6) + "-" + host;
    }

    public int port() {
        return orchestrator.port();
    }

    public String bootstrapServers() {
        return broker == null ? null : broker.bootstrapServers();
    }

    @Override
    public void close() {
        runners.forEach(Runner::close);
        orchestrator.close();
        if (broker != null) {
            broker.close();
        }
    }
}
