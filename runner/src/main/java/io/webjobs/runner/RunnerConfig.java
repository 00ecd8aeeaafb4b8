package io.webjobs.runner;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * How to start a {@link Runner}.
 *
 * @param kafka    Kafka client properties shared by all clients (at least {@code bootstrap.servers})
 * @param runnerId this instance's id in reports, logs and heartbeats; generated when null or blank
 * @param workDir  holds {@code artifacts/}, {@code copies/{job}/} (triggered runs), {@code runs/{job}/} (continuous
 *                 instances) and {@code data/{job}/}; one runner's alone
 * @param capacity max runs at once; {@value #DEFAULT_CAPACITY} when not positive
 * @param clock    the time stamped on reports, log lines and heartbeats; UTC system clock when null
 * @param heartbeatInterval how often it heartbeats to {@code webjobs.instances} (keep well under the
 *                 orchestrator's liveness timeout)
 * @param dryRun   acknowledge each run request without spawning a process: report Running then Success
 *                 at once (benchmarks of the orchestrator alone; every report still goes through Kafka)
 */
public record RunnerConfig(Map<String, Object> kafka, String runnerId, Path workDir, int capacity, Clock clock,
        Duration heartbeatInterval, boolean dryRun) {

    public static final int DEFAULT_CAPACITY = 4;
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(3);

    /** With the default heartbeat interval ({@value #DEFAULT_CAPACITY} runs, 3 s). */
    public RunnerConfig(Map<String, Object> kafka, String runnerId, Path workDir, int capacity, Clock clock) {
        this(kafka, runnerId, workDir, capacity, clock, DEFAULT_HEARTBEAT);
    }

    public RunnerConfig(Map<String, Object> kafka, String runnerId, Path workDir, int capacity, Clock clock,
            Duration heartbeatInterval) {
        this(kafka, runnerId, workDir, capacity, clock, heartbeatInterval, false);
    }

    /** The same runner, acknowledging run requests without running them. */
    public RunnerConfig asDryRun() {
        return new RunnerConfig(kafka, runnerId, workDir, capacity, clock, heartbeatInterval, true);
    }

    public RunnerConfig {
        kafka = Map.copyOf(Objects.requireNonNull(kafka, "kafka"));
        Objects.requireNonNull(workDir, "workDir");
        runnerId = runnerId == null || runnerId.isBlank() ? "runner-" + UUID.randomUUID().toString().substring(0, 8)
                : runnerId;
        capacity = capacity > 0 ? capacity : DEFAULT_CAPACITY;
        clock = clock == null ? Clock.systemUTC() : clock;
        heartbeatInterval = heartbeatInterval == null || heartbeatInterval.isNegative() || heartbeatInterval.isZero()
                ? DEFAULT_HEARTBEAT : heartbeatInterval;
    }

    /** A generated id, the default capacity and the system clock. */
    public static RunnerConfig of(Map<String, Object> kafka, Path workDir) {
        return new RunnerConfig(kafka, null, workDir, DEFAULT_CAPACITY, null);
    }
}
