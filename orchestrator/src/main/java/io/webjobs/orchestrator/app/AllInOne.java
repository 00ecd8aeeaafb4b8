package io.webjobs.orchestrator.app;

import io.webjobs.orchestrator.api.ApiCredentials;
import io.webjobs.orchestrator.api.UploadLimits;
import io.webjobs.orchestrator.broker.EmbeddedBroker;
import io.webjobs.orchestrator.domain.FleetRules;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
import io.webjobs.orchestrator.topology.JobTopology;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * {@code webjobs up}: an embedded broker (unless an external cluster is given) and one orchestrator in this JVM,
 * N runners each in a child JVM of its own ({@link RunnerJvm}: a job's spawn costs half the CPU there), with every
 * piece of state under one data directory.
 */
public final class AllInOne implements AutoCloseable {

    /** What {@code up} starts besides the broker: the rules of the orchestrator and how many runners. */
    public record Options(JobRules rules, ScheduleRules scheduleRules, FleetRules fleetRules, int runnerCount,
            ApiCredentials credentials, UploadLimits uploadLimits, int streamThreads) {
        /** With a random API password nobody knows (a closed API) and the default upload limits. */
        public Options(JobRules rules, ScheduleRules scheduleRules, FleetRules fleetRules, int runnerCount) {
            this(rules, scheduleRules, fleetRules, runnerCount, ApiCredentials.random("admin"), UploadLimits.DEFAULT,
                    OrchestratorConfig.DEFAULT_STREAM_THREADS);
        }

        public static Options defaults(JobRules rules) {
            return new Options(rules, ScheduleRules.fromEnvironment(System.getenv()), FleetRules.DEFAULT, 1);
        }
    }

    private final EmbeddedBroker broker;
    private final Orchestrator orchestrator;
    private final List<RunnerJvm> runners;

    private AllInOne(EmbeddedBroker broker, Orchestrator orchestrator, List<RunnerJvm> runners) {
        this.broker = broker;
        this.orchestrator = orchestrator;
        this.runners = runners;
    }

    public static AllInOne start(Path dataDir, String host, int httpPort, String bootstrapServers, JobRules rules) {
        return start(dataDir, host, httpPort, KafkaClientSettings.of(bootstrapServers, null), Options.defaults(rules));
    }

    /**
     * @param kafkaClient settings of every Kafka client ({@link KafkaClientSettings}); without
     *                    {@code bootstrap.servers} an embedded broker is started, which takes no other settings
     */
    public static AllInOne start(Path dataDir, String host, int httpPort, Map<String, Object> kafkaClient,
            Options options) {
        boolean external = KafkaClientSettings.namesACluster(kafkaClient);
        if (!external && !kafkaClient.isEmpty()) {
            throw new IllegalArgumentException("Kafka client settings (" + String.join(", ", kafkaClient.keySet())
                    + ") apply to an external cluster only: give --bootstrap-servers or bootstrap.servers in the file");
        }
        EmbeddedBroker broker = external ? null : EmbeddedBroker.start(dataDir.resolve("kafka"), 0);
        List<RunnerJvm> runners = new ArrayList<>();
        try {
            String bootstrap = external ? (String) kafkaClient.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
                    : broker.bootstrapServers();
            Map<String, Object> kafka = external ? kafkaClient
                    : Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            // the runners' JVMs start while the orchestrator restores its stores
            Path runnerKafka = RunnerKafkaSettings.write(kafka, dataDir);
            for (int i = 0; i < options.runnerCount(); i++) {
                Path workDir = dataDir.resolve(i == 0 ? "runner" : "runner-" + (i + 1));
                runners.add(RunnerJvm.launch(AllInOne::runnerId, workDir, 4, bootstrap, runnerKafka,
                        System.out::println));
            }
            Orchestrator orchestrator = Orchestrator.start(new OrchestratorConfig(kafka,
                    OrchestratorConfig.DEFAULT_APPLICATION_ID, dataDir.resolve("streams"), host, httpPort,
                    options.rules(), OrchestratorConfig.DEFAULT_COMMIT_INTERVAL_MS, (short) 1, options.fleetRules(), JobTopology.DEFAULT_TICK,
                    options.credentials(), options.uploadLimits()).withStreamThreads(options.streamThreads()),
                    options.scheduleRules());
            try {
                for (RunnerJvm runner : runners) {
                    runner.awaitStarted();
                }
            } catch (Exception e) {
                orchestrator.close();
                throw new IllegalStateException(e.getMessage(), e);
            }
            return new AllInOne(broker, orchestrator, runners);
        } catch (RuntimeException e) {
            runners.forEach(RunnerJvm::close);
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
        runners.forEach(RunnerJvm::close);
        orchestrator.close();
        if (broker != null) {
            broker.close();
        }
    }
}
