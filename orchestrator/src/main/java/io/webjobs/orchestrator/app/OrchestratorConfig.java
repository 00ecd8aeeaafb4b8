package io.webjobs.orchestrator.app;

import io.webjobs.orchestrator.domain.JobRules;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything one orchestrator process is configured with.
 *
 * @param kafka client settings shared by every Kafka client (bootstrap.servers, security …)
 * @param stateDir where Kafka Streams keeps its local stores (a cache: rebuilt from Kafka when lost)
 * @param commitIntervalMs the exactly-once commit interval: the latency knob of every command
 */
public record OrchestratorConfig(Map<String, Object> kafka, String applicationId, Path stateDir, String host,
        int httpPort, JobRules rules, long commitIntervalMs, short replicationFactor) {

    public static final String DEFAULT_APPLICATION_ID = "webjobs-orchestrator";

    public OrchestratorConfig {
        kafka = Map.copyOf(kafka);
    }
}
