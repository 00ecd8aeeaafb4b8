package io.webjobs.orchestrator.domain;

import static io.webjobs.avro.RunStatus.PendingRestart;
import static io.webjobs.avro.RunStatus.Running;
import static io.webjobs.avro.RunStatus.Starting;
import static io.webjobs.avro.RunStatus.Stopping;

import io.webjobs.avro.RunStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * A continuous job's instance on one runner, as the topology placed it:
 * <pre>
 *   Starting ──► Running ──► (exit) ──► PendingRestart ──(restartAt)──► Starting   lived &lt; min lifetime
 *      │            │           └─────────────────────────────────────► Starting   lived ≥ min lifetime
 *      └────────────┴──► Stopping ──► Stopped                                      (job stopped)
 * </pre>
 * {@code launchId} names one launch of the process: reports of an older launch are stale.
 * {@code deployedAt} is the job version it runs, so a redeploy relaunches older instances.
 * {@code observedRunningAt} is the runner's clock when it saw the process Running.
 */
public record Instance(String runnerId, String launchId, RunStatus status, Instant since, Instant runningSince,
        Integer exitCode, String reason, Instant restartAt, Instant deployedAt, Instant observedRunningAt) {

    private static final Set<RunStatus> ACTIVE = EnumSet.of(Starting, Running, PendingRestart);
    private static final Set<RunStatus> WITH_PROCESS = EnumSet.of(Starting, Running, Stopping);

    /** Placed and meant to run: not being stopped, not stopped. */
    public boolean active() {
        return ACTIVE.contains(status);
    }

    /** A process may exist on the runner for it. */
    public boolean hasProcess() {
        return WITH_PROCESS.contains(status);
    }
}
