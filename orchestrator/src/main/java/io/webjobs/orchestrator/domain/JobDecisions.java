package io.webjobs.orchestrator.domain;

import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.DeleteJob;
import io.webjobs.avro.DeployJob;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobDeleted;
import io.webjobs.avro.JobDeployed;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobStarted;
import io.webjobs.avro.JobStopped;
import io.webjobs.avro.JobType;
import io.webjobs.avro.RejectionCode;
import io.webjobs.avro.RotateWebhookSecret;
import io.webjobs.avro.RunJob;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunStatusChanged;
import io.webjobs.avro.RunnerReport;
import io.webjobs.avro.SettingsUpdated;
import io.webjobs.avro.StartJob;
import io.webjobs.avro.StopJob;
import io.webjobs.avro.UpdateSettings;
import io.webjobs.avro.WebhookSecretRotated;
import io.webjobs.orchestrator.domain.schedule.ScheduleSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command decision: {@code decide(job, input, now)} validates a command or a runner report
 * against the current state and answers with the events to append. Pure: every rule of the job
 * lifecycle lives here, none in the Kafka or HTTP edges. A refused command yields exactly one
 * {@link CommandRejected} event, so its sender always learns why.
 */
public final class JobDecisions {

    public static final String ALREADY_RUNNING = "Cannot start a new run since job is already running.";

    private JobDecisions() {
    }

    public static List<JobEvent> decide(Job job, JobCommand command, Instant now) {
        Object payload = command.getPayload();
        String name = command.getJobName();
        if (payload instanceof DeployJob d) {
            return deploy(job, command, d, now);
        }
        if (job == null) {
            return reject(command, now, RejectionCode.NOT_FOUND, "Job '" + name + "' not found.");
        }
        if (payload instanceof RunJob r) {
            return run(job, command, r, now);
        }
        if (payload instanceof DeleteJob) {
            return accept(command, now, new JobDeleted());
        }
        if (payload instanceof StartJob) {
            return accept(command, now, new JobStarted());
        }
        if (payload instanceof StopJob) {
            return accept(command, now, new JobStopped());
        }
        if (payload instanceof UpdateSettings s) {
            Optional<String> badSchedule = ScheduleSettings.problem(s.getSettingsJson());
            if (badSchedule.isPresent()) {
                return reject(command, now, RejectionCode.INVALID, badSchedule.get());
            }
            return accept(command, now, new SettingsUpdated(s.getSettingsJson()));
        }
        if (payload instanceof RotateWebhookSecret w) {
            return WebhookRules.rotate(job, w)
                    .map(problem -> reject(command, now, RejectionCode.INVALID, problem))
                    .orElseGet(() -> accept(command, now, new WebhookSecretRotated(w.getSecretHash())));
        }
        return reject(command, now, RejectionCode.INVALID, "Unknown command " + payload.getClass().getSimpleName());
    }

    /**
     * A runner's observation of a run becomes a status change only when it moves the run forward.
     * Reports for a deleted job, an unknown or already finished run, or a repeated status are stale
     * (redelivered after a rebalance, or from a runner that was declared lost) and are dropped on purpose.
     */
    public static List<JobEvent> decide(Job job, RunnerReport report, Instant now) {
        if (job == null) {
            return List.of();
        }
        Optional<Run> run = job.run(report.getRunId());
        if (run.isEmpty() || !RunLifecycle.canChange(run.get().status(), report.getStatus())) {
            return List.of();
        }
        RunStatusChanged change = new RunStatusChanged(report.getRunId(), report.getStatus(), report.getExitCode(),
                report.getReason(), report.getRunnerId());
        return List.of(new JobEvent(report.getReportId() + "/0", job.name(), now, report.getReportId(),
                report.getRunnerId(), change, report.getCorrelationId()));
    }

    private static List<JobEvent> deploy(Job job, JobCommand command, DeployJob d, Instant now) {
        Optional<String> badName = JobName.problem(d.getName());
        if (badName.isPresent()) {
            return reject(command, now, RejectionCode.INVALID, badName.get());
        }
        if (!JobName.key(d.getName()).equals(JobName.key(command.getJobName()))) {
            return reject(command, now, RejectionCode.INVALID, "The deployed job '" + d.getName()
                    + "' does not match the command's job '" + command.getJobName() + "'.");
        }
        if (job != null && job.type() != d.getType()) {
            return reject(command, now, RejectionCode.CONFLICT, "A " + job.type() + " job named '" + job.name()
                    + "' already exists; job names are unique across types.");
        }
        Optional<String> badSchedule = ScheduleSettings.problem(d.getSettingsJson());
        if (badSchedule.isPresent()) {
            return reject(command, now, RejectionCode.INVALID, badSchedule.get());
        }
        return accept(command, now, new JobDeployed(d.getName(), d.getType(), d.getArtifactDigest(),
                d.getArtifactSize(), d.getEntryPoint(), d.getSettingsJson()));
    }

    private static List<JobEvent> run(Job job, JobCommand command, RunJob r, Instant now) {
        if (job.type() != JobType.triggered) {
            return reject(command, now, RejectionCode.INVALID, "Only triggered jobs can be run; '" + job.name()
                    + "' is " + job.type() + ".");
        }
        if (job.stopped()) {
            return reject(command, now, RejectionCode.STOPPED, "Job '" + job.name() + "' is stopped.");
        }
        if (job.activeRun().isPresent()
                && ScheduleSettings.of(job.settingsJson()).concurrency() != ScheduleSettings.Concurrency.ALLOW) {
            return reject(command, now, RejectionCode.CONFLICT, ALREADY_RUNNING);
        }
        String runId = RunIds.next(now, job.latestRun().map(Run::runId));
        return accept(command, now, new RunRequested(runId, r.getArguments(), r.getTrigger(), r.getDueAt(), null));
    }

    private static List<JobEvent> accept(JobCommand command, Instant now, Object... payloads) {
        List<JobEvent> events = new ArrayList<>(payloads.length);
        for (int i = 0; i < payloads.length; i++) {
            events.add(new JobEvent(command.getCommandId() + "/" + i, command.getJobName(), now,
                    command.getCommandId(), command.getIssuedBy(), payloads[i], command.getCorrelationId()));
        }
        return events;
    }

    private static List<JobEvent> reject(JobCommand command, Instant now, RejectionCode code, String reason) {
        return accept(command, now, new CommandRejected(command.getCommandId(), code, reason));
    }
}
