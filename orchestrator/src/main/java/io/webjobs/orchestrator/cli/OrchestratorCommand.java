package io.webjobs.orchestrator.cli;

import io.webjobs.orchestrator.api.ApiCredentials;
import io.webjobs.orchestrator.app.KafkaClientSettings;
import io.webjobs.orchestrator.cluster.AdvertisedAddress;
import io.webjobs.orchestrator.app.Orchestrator;
import io.webjobs.orchestrator.app.OrchestratorConfig;
import io.webjobs.orchestrator.domain.FleetRules;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
import io.webjobs.orchestrator.topology.JobTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "orchestrator", mixinStandardHelpOptions = true, description = "Start only an orchestrator (topology + API) against a Kafka cluster; "
        + "start runners with 'webjobs runner'. Several instances with the same --application-id share the work.")
final class OrchestratorCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (or bootstrap.servers in --kafka-config)") String bootstrapServers;
    @Option(names = "--kafka-config", paramLabel = "FILE", description = "Kafka client properties (SASL, TLS …)") Path kafkaConfig;
    @Option(names = "--api-user", defaultValue = "${env:WEBJOBS_API_USER:-admin}", description = "API user (WEBJOBS_API_USER, default: ${DEFAULT-VALUE})") String apiUser;
    @Option(names = "--api-password", defaultValue = "${env:WEBJOBS_API_PASSWORD}", description = "API password (WEBJOBS_API_PASSWORD); required: every orchestrator of a cluster answers with the same") String apiPassword;
    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE})") int port;
    @Option(names = "--host", defaultValue = "0.0.0.0", description = "HTTP bind address (default: ${DEFAULT-VALUE})") String host;
    @Option(names = "--advertised-url", defaultValue = "${env:WEBJOBS_ADVERTISED_URL}", description = "http://host:port where the other orchestrators reach this one's API (WEBJOBS_ADVERTISED_URL; default: --host and --port, or this machine's host name when --host is 0.0.0.0)") String advertisedUrl;
    @Option(names = "--standby-replicas", defaultValue = "${env:WEBJOBS_STANDBY_REPLICAS:-1}", description = "warm copies of each job partition on other instances, for a fast takeover (default: ${DEFAULT-VALUE}; none can be placed while an instance is alone)") int standbyReplicas;
    @Option(names = "--state-dir", defaultValue = "./.webjobs-orchestrator", description = "local state stores, a cache rebuilt from Kafka (default: ${DEFAULT-VALUE})") Path stateDir;
    @Option(names = "--application-id", defaultValue = OrchestratorConfig.DEFAULT_APPLICATION_ID, description = "Kafka Streams application id, shared by the instances of one deployment (default: ${DEFAULT-VALUE})") String applicationId;
    @Option(names = "--replication-factor", defaultValue = "1", description = "replication factor of the topics it creates, and of Streams' internal topics (default: ${DEFAULT-VALUE}; 3 on a production cluster)") short replicationFactor;
    @Option(names = "--history-size", defaultValue = "${env:WEBJOBS_HISTORY_SIZE:-50}", description = "runs kept per job (default: ${DEFAULT-VALUE})") int historySize;
    @Option(names = "--idle-timeout", defaultValue = "${env:WEBJOBS_IDLE_TIMEOUT:-120}", description = "seconds without output nor CPU before a run is aborted (default: ${DEFAULT-VALUE})") int idleTimeout;
    @Option(names = "--disable-schedule", defaultValue = "${env:WEBJOBS_DISABLE_SCHEDULE:-0}", description = "1 disables every schedule (default: ${DEFAULT-VALUE})") String disableSchedule;
    @Option(names = "--time-zone", defaultValue = "${env:WEBSITE_TIME_ZONE:-UTC}", description = "IANA zone of schedules without a time_zone (default: ${DEFAULT-VALUE})") String timeZone;
    @Option(names = "--liveness-timeout", defaultValue = "15", description = "seconds without heartbeat before a runner is lost (default: ${DEFAULT-VALUE})") int livenessTimeout;
    @Option(names = "--restart-time", defaultValue = "${env:WEBJOBS_RESTART_TIME:-60}", description = "seconds a short-lived continuous process waits in PendingRestart (default: ${DEFAULT-VALUE})") int restartTime;
    @Option(names = "--min-lifetime", defaultValue = "120", description = "a continuous process that lived this many seconds restarts at once (default: ${DEFAULT-VALUE})") int minLifetime;
    @Mixin UploadLimitOptions uploadLimits;
    @Mixin StreamThreadsOption streamThreads;

    @Override
    public Integer call() throws InterruptedException {
        OrchestratorConfig config = config();
        Orchestrator orchestrator;
        try {
            orchestrator = Orchestrator.start(config, ScheduleRules.fromEnvironment(Map.of(
                    "WEBJOBS_DISABLE_SCHEDULE", disableSchedule, "WEBSITE_TIME_ZONE", timeZone)));
        } catch (RuntimeException e) {
            throw new CliException("cannot start the orchestrator: " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            orchestrator.close();
            stopped.countDown();
        }, "webjobs-orchestrator-shutdown"));
        System.out.println("webjobs orchestrator ready at http://" + host + ":" + orchestrator.port());
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** What the options ask for, checked before anything starts. */
    OrchestratorConfig config() {
        if (replicationFactor < 1) {
            throw new CliException("--replication-factor must be at least 1");
        }
        if (standbyReplicas < 0) {
            throw new CliException("--standby-replicas must not be negative");
        }
        if (advertisedUrl != null && !advertisedUrl.isBlank()) {
            try {
                AdvertisedAddress.of(advertisedUrl, host, port, () -> "localhost");
            } catch (IllegalArgumentException e) {
                throw new CliException("--advertised-url: " + e.getMessage());
            }
        }
        if (livenessTimeout < 1 || restartTime < 0 || minLifetime < 0) {
            throw new CliException("--liveness-timeout must be at least 1 s; --restart-time and --min-lifetime not negative");
        }
        Map<String, Object> kafka = KafkaClientSettings.of(bootstrapServers, kafkaConfig);
        if (!KafkaClientSettings.namesACluster(kafka)) {
            throw new CliException("give --bootstrap-servers (or bootstrap.servers in --kafka-config): an orchestrator has no embedded broker; use 'webjobs up' for that");
        }
        if (apiPassword == null || apiPassword.isBlank()) {
            throw new CliException("give --api-password (or WEBJOBS_API_PASSWORD): the API refuses every request without it,"
                    + " and every orchestrator of a cluster must share it");
        }
        FleetRules fleet = new FleetRules(Duration.ofSeconds(livenessTimeout), Duration.ofSeconds(restartTime),
                Duration.ofSeconds(minLifetime));
        return new OrchestratorConfig(kafka, applicationId, stateDir.toAbsolutePath().normalize(), host, port,
                new JobRules(historySize, idleTimeout), OrchestratorConfig.DEFAULT_COMMIT_INTERVAL_MS, replicationFactor,
                fleet, JobTopology.DEFAULT_TICK, ApiCredentials.of(apiUser, apiPassword), uploadLimits.limits())
                .inCluster(advertisedUrl, standbyReplicas).withStreamThreads(streamThreads.threads());
    }
}
