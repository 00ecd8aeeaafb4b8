package io.webjobs.orchestrator.app;

import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.api.ApiCredentials;
import io.webjobs.orchestrator.api.UploadLimits;
import io.webjobs.orchestrator.domain.FleetRules;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.topology.JobTopology;
import java.time.Duration;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything one orchestrator process is configured with.
 *
 * @param kafka client settings shared by every Kafka client (bootstrap.servers, security …)
 * @param stateDir where Kafka Streams keeps its local stores (a cache: rebuilt from Kafka when lost)
 * @param commitIntervalMs the exactly-once commit interval of what nobody waits for (status changes, ticks);
 *        run requests and command outcomes are committed sooner (see {@code PromptCommit})
 * @param fleetRules runner liveness timeout and continuous restart timings
 * @param tick how often the topology checks jobs against the fleet
 * @param credentials the API's Basic user and password (every route but /health needs them)
 * @param uploadLimits size, entry count and unpacked size of a job upload (413 past them)
 * @param advertisedUrl where the other orchestrators reach this one's API ({@code http://host:port}); null: the
 *        bind address, or the host name when binding every interface (see {@code AdvertisedAddress})
 * @param standbyReplicas warm copies of each job partition on other instances, so a takeover need not
 *        restore from the changelog (Kafka Streams places none while an instance is alone)
 * @param streamThreads Kafka Streams threads of this instance, at most one per job partition: each thread
 *        punctuates its own partitions' schedule timers, so with several threads a burst of due ticks is
 *        decided in parallel instead of one partition after the other (see decision 004)
 */
public record OrchestratorConfig(Map<String, Object> kafka, String applicationId, Path stateDir, String host,
        int httpPort, JobRules rules, long commitIntervalMs, short replicationFactor, FleetRules fleetRules,
        Duration tick, ApiCredentials credentials, UploadLimits uploadLimits, String advertisedUrl,
        int standbyReplicas, int streamThreads) {

    public static final String DEFAULT_APPLICATION_ID = "webjobs-orchestrator";
    /** What {@code webjobs orchestrator} (an instance of a cluster) starts with. */
    public static final int DEFAULT_STANDBY_REPLICAS = 1;
    /**
     * One thread: the most runs per second on two cores (decision 008). Many schedules due at the same second
     * want one per partition ({@code --stream-threads 3}): measured in decision 004.
     */
    public static final int DEFAULT_STREAM_THREADS = 1;

    /**
     * Kafka Streams' own exactly-once default. Every schedule tick makes a task "need" a commit, so this
     * is also the rate of empty transactions of an idle orchestrator (20 ms meant 50 a second); a run
     * request does not wait for it, its task asks for a commit at once (see decision 008, session 4).
     */
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 100;

    public OrchestratorConfig {
        kafka = Map.copyOf(kafka);
        java.util.Objects.requireNonNull(credentials, "credentials");
        java.util.Objects.requireNonNull(uploadLimits, "uploadLimits");
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("standby replicas must not be negative, was " + standbyReplicas);
        }
        if (streamThreads < 1 || streamThreads > Topics.JOB_PARTITIONS) {
            throw new IllegalArgumentException("stream threads must be between 1 and " + Topics.JOB_PARTITIONS
                    + " (one per job partition), was " + streamThreads);
        }
    }

    /**
     * A lone instance (the all-in-one, tests, benchmarks): the default advertised address and no standby replica,
     * which Streams could not place anyway (it would warn about every task at each start).
     */
    public OrchestratorConfig(Map<String, Object> kafka, String applicationId, Path stateDir, String host,
            int httpPort, JobRules rules, long commitIntervalMs, short replicationFactor, FleetRules fleetRules,
            Duration tick, ApiCredentials credentials, UploadLimits uploadLimits) {
        this(kafka, applicationId, stateDir, host, httpPort, rules, commitIntervalMs, replicationFactor, fleetRules,
                tick, credentials, uploadLimits, null, 0, DEFAULT_STREAM_THREADS);
    }

    /** The same, as one of several instances: reached at {@code advertisedUrl}, with that many standby replicas. */
    public OrchestratorConfig inCluster(String advertisedUrl, int standbyReplicas) {
        return new OrchestratorConfig(kafka, applicationId, stateDir, host, httpPort, rules, commitIntervalMs,
                replicationFactor, fleetRules, tick, credentials, uploadLimits, advertisedUrl, standbyReplicas, streamThreads);
    }

    /** The same with that many Kafka Streams threads. */
    public OrchestratorConfig withStreamThreads(int threads) {
        return new OrchestratorConfig(kafka, applicationId, stateDir, host, httpPort, rules, commitIntervalMs,
                replicationFactor, fleetRules, tick, credentials, uploadLimits, advertisedUrl, standbyReplicas, threads);
    }

    /** The same on another HTTP port (a port of 0 is resolved before Streams starts: it is advertised). */
    public OrchestratorConfig onPort(int port) {
        return new OrchestratorConfig(kafka, applicationId, stateDir, host, port, rules, commitIntervalMs,
                replicationFactor, fleetRules, tick, credentials, uploadLimits, advertisedUrl, standbyReplicas,
                streamThreads);
    }

    /** With a random API password nobody knows: the API is closed, for processes that do not serve people. */
    public OrchestratorConfig(Map<String, Object> kafka, String applicationId, Path stateDir, String host,
            int httpPort, JobRules rules, long commitIntervalMs, short replicationFactor, FleetRules fleetRules,
            Duration tick) {
        this(kafka, applicationId, stateDir, host, httpPort, rules, commitIntervalMs, replicationFactor, fleetRules,
                tick, ApiCredentials.random("admin"), UploadLimits.DEFAULT);
    }

    /** With the default fleet rules (liveness 15 s, restart 60 s after a life under 2 min) and a 1 s tick. */
    public OrchestratorConfig(Map<String, Object> kafka, String applicationId, Path stateDir, String host,
            int httpPort, JobRules rules, long commitIntervalMs, short replicationFactor) {
        this(kafka, applicationId, stateDir, host, httpPort, rules, commitIntervalMs, replicationFactor,
                FleetRules.DEFAULT, JobTopology.DEFAULT_TICK);
    }
}
