package io.webjobs.orchestrator.domain;

import io.webjobs.avro.InstanceAction;
import io.webjobs.avro.InstanceCommand;
import io.webjobs.avro.JobDeleted;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobType;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunStatusChanged;
import io.webjobs.avro.RunnerReport;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a runner is told when the orchestrator, not the runner, ends a triggered run (replaced by its
 * schedule, its runner declared lost, the job deleted): stop that run's process. The event log says the run is over the
 * moment the orchestrator decides it, so the process must follow, whatever the order things arrive in:
 * <ul>
 *   <li>the run's runner is known (it reported the run): it gets the stop with the ending event;</li>
 *   <li>it is not known yet (still {@code Initializing}, or the report is in flight): a later
 *       {@code Starting}/{@code Running} report for a run the job already holds as final names the
 *       runner, which gets the stop then.</li>
 * </ul>
 * The stop is graceful, as for a continuous instance: shutdown file, SIGTERM, {@code stopping_wait_time}, kill.
 */
public final class RunStops {

    private RunStops() {
    }

    /**
     * The stops for an appended event: one that aborts an unfinished run of {@code before} on the runner holding it,
     * unless that runner reported the abort itself;
     * the deletion of the job, for each of its unfinished runs.
     */
    public static List<InstanceCommand> of(Job before, JobEvent event, Instant now) {
        if (before == null || before.type() != JobType.triggered) {
            return List.of();
        }
        if (event.getPayload() instanceof JobDeleted) {
            // the job, its history and logs are gone: so must its processes be
            return before.runs().stream().filter(run -> !RunLifecycle.isFinal(run.status()) && run.runnerId() != null)
                    .map(run -> stop(before, run.runnerId(), run.runId(), "Job deleted", now)).toList();
        }
        if (!(event.getPayload() instanceof RunStatusChanged change) || change.getStatus() != RunStatus.Aborted) {
            return List.of();
        }
        return before.run(change.getRunId())
                .filter(run -> !RunLifecycle.isFinal(run.status()) && run.runnerId() != null)
                .filter(run -> !run.runnerId().equals(event.getActor()))
                .map(run -> List.of(stop(before, run.runnerId(), run.runId(), change.getReason(), now)))
                .orElse(List.of());
    }

    /** A runner says it is starting or running a run that is already over here: it must stop it. */
    public static Optional<InstanceCommand> ofReport(Job job, RunnerReport report, Instant now) {
        if (job == null || job.type() != JobType.triggered || RunLifecycle.isFinal(report.getStatus())) {
            return Optional.empty();
        }
        return job.run(report.getRunId()).filter(run -> RunLifecycle.isFinal(run.status()))
                .map(run -> stop(job, report.getRunnerId(), run.runId(), run.reason() != null ? run.reason()
                        : "Run " + run.runId() + " already ended " + run.status(), now));
    }

    private static InstanceCommand stop(Job job, String runnerId, String runId, String reason, Instant now) {
        // launchId repeats the run id: a runner that predates runId compares it with its continuous launches only
        return new InstanceCommand(runnerId, job.name(), runId, InstanceAction.stop, null,
                JobSettings.parse(job.settingsJson()).stoppingWaitSeconds(), reason == null ? "" : reason, now, runId);
    }
}
