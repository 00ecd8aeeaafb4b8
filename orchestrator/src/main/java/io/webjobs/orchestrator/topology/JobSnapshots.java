package io.webjobs.orchestrator.topology;

import io.webjobs.avro.InstanceSnapshot;
import io.webjobs.avro.JobSnapshot;
import io.webjobs.avro.RunSnapshot;
import io.webjobs.orchestrator.domain.Instance;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.Run;

/** Maps the domain's {@link Job} to and from its Avro form in the state store. */
public final class JobSnapshots {

    private JobSnapshots() {
    }

    public static JobSnapshot toSnapshot(Job job) {
        return new JobSnapshot(job.name(), job.type(), job.artifactDigest(), job.artifactSize(), job.entryPoint(),
                job.settingsJson(), job.stopped(), job.deployedAt(),
                job.runs().stream().map(JobSnapshots::toSnapshot).toList(),
                job.instances().stream().map(JobSnapshots::toSnapshot).toList(), job.webhookSecretHash());
    }

    public static Job toJob(JobSnapshot s) {
        if (s == null) {
            return null;
        }
        return new Job(s.getName(), s.getType(), s.getArtifactDigest(), s.getArtifactSize(), s.getEntryPoint(),
                s.getSettingsJson(), s.getStopped(), s.getDeployedAt(),
                s.getRuns().stream().map(JobSnapshots::toRun).toList(),
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

    private static Run toRun(RunSnapshot r) {
        return new Run(r.getRunId(), r.getStatus(), r.getTrigger(), r.getArguments(), r.getStartTime(),
                r.getEndTime(), r.getExitCode(), r.getReason(), r.getRunnerId());
    }
}
