package io.webjobs.orchestrator.topology;

import io.webjobs.avro.InstanceSnapshot;
import io.webjobs.avro.JobSnapshot;
import io.webjobs.avro.RunSnapshot;
import io.webjobs.orchestrator.domain.Instance;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.Run;
import java.util.List;

/** Maps the domain's {@link Job} to and from its Avro form in the state store. */
public final class JobSnapshots {

    private JobSnapshots() {
    }

    /** The job with its runs inline: what a job snapshot held before the run store (and what tests build). */
    public static JobSnapshot toSnapshot(Job job) {
        return snapshot(job, job.runs().stream().map(JobSnapshots::toSnapshot).toList());
    }

    /** The job as the job-state store holds it: its runs are in the run store ({@link JobRuns}). */
    static JobSnapshot withoutRuns(Job job) {
        return snapshot(job, List.of());
    }

    private static JobSnapshot snapshot(Job job, List<RunSnapshot> runs) {
        return new JobSnapshot(job.name(), job.type(), job.artifactDigest(), job.artifactSize(), job.entryPoint(),
                job.settingsJson(), job.stopped(), job.deployedAt(), runs,
                job.instances().stream().map(JobSnapshots::toSnapshot).toList(), job.webhookSecretHash());
    }

    /** A snapshot with its runs inline. */
    public static Job toJob(JobSnapshot s) {
        return s == null ? null : toJob(s, List.of());
    }

    /**
     * The job from its snapshot and its runs in the run store, newest first; a snapshot written before the run
     * store holds its runs itself, and none are stored for it.
     */
    public static Job toJob(JobSnapshot s, List<RunSnapshot> stored) {
        if (s == null) {
            return null;
        }
        List<RunSnapshot> runs = s.getRuns().isEmpty() ? stored : s.getRuns();
        return new Job(s.getName(), s.getType(), s.getArtifactDigest(), s.getArtifactSize(), s.getEntryPoint(),
                s.getSettingsJson(), s.getStopped(), s.getDeployedAt(),
                runs.stream().map(JobSnapshots::toRun).toList(),
                s.getInstances().stream().map(JobSnapshots::toInstance).toList(), s.getWebhookSecretHash());
    }

    private static InstanceSnapshot toSnapshot(Instance i) {
        return new InstanceSnapshot(i.runnerId(), i.launchId(), i.status(), i.since(), i.runningSince(), i.exitCode(),
                i.reason(), i.restartAt(), i.deployedAt(), i.observedRunningAt());
    }

    private static Instance toInstance(InstanceSnapshot i) {
        return new Instance(i.getRunnerId(), i.getLaunchId(), i.getStatus(), i.getSince(), i.getRunningSince(),
                i.getExitCode(), i.getReason(), i.getRestartAt(), i.getDeployedAt(), i.getObservedRunningAt());
    }

    static RunSnapshot toSnapshot(Run r) {
        return new RunSnapshot(r.runId(), r.status(), r.trigger(), r.arguments(), r.startTime(), r.endTime(),
                r.exitCode(), r.reason(), r.runnerId());
    }

    static Run toRun(RunSnapshot r) {
        return new Run(r.getRunId(), r.getStatus(), r.getTrigger(), r.getArguments(), r.getStartTime(),
                r.getEndTime(), r.getExitCode(), r.getReason(), r.getRunnerId());
    }
}
