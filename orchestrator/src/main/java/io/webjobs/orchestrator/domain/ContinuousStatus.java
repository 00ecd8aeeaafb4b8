package io.webjobs.orchestrator.domain;

import io.webjobs.avro.RunStatus;
import java.util.List;

/**
 * A continuous job's status as Kudu shows it: one job-level {@code status} and one
 * {@code "{instance} - {Status}"} line per live runner, {@code InactiveInstance} where the job is not
 * placed (a singleton's other runners, runners beyond K). Runners that are gone are not listed.
 */
public record ContinuousStatus(String status, List<String> lines) {

    public static final String INACTIVE = "InactiveInstance";

    public static ContinuousStatus of(Job job, List<String> liveRunners) {
        return of(job, liveRunners, false);
    }

    /** {@code allStopped}: WEBJOBS_STOPPED is set. */
    public static ContinuousStatus of(Job job, List<String> liveRunners, boolean allStopped) {
        List<String> lines = liveRunners.stream().map(runner -> runner + " - "
                + job.instance(runner).map(i -> i.status().name()).orElse(INACTIVE)).toList();
        return new ContinuousStatus(jobStatus(job, liveRunners, allStopped), lines);
    }

    private static String jobStatus(Job job, List<String> liveRunners, boolean allStopped) {
        List<RunStatus> statuses = job.instances().stream().filter(i -> liveRunners.contains(i.runnerId()))
                .map(Instance::status).toList();
        if (job.stopped() || allStopped) {
            return statuses.contains(RunStatus.Stopping) ? "Stopping" : "Stopped";
        }
        for (RunStatus s : List.of(RunStatus.Running, RunStatus.Starting, RunStatus.PendingRestart)) {
            if (statuses.contains(s)) {
                return s.name();
            }
        }
        return liveRunners.isEmpty() ? INACTIVE : RunStatus.Starting.name();
    }
}
