package io.webjobs.orchestrator.domain;

import io.webjobs.avro.CommandDuplicate;
import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.JobDeleted;
import io.webjobs.avro.InstanceChanged;
import io.webjobs.avro.InstanceRemoved;
import io.webjobs.avro.JobDeployed;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobStarted;
import io.webjobs.avro.JobStopped;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunStatusChanged;
import io.webjobs.avro.SettingsUpdated;
import io.webjobs.avro.WebhookSecretRotated;
import java.util.ArrayList;
import java.util.List;

/**
 * The fold of the event log: {@code apply(job, event)} is the only way a job's state changes. Pure,
 * so the topology, a replay for audit and the tests all compute the same state from the same events.
 * A {@code null} job means "no such job".
 */
public final class JobFold {

    private final JobRules rules;

    public JobFold(JobRules rules) {
        this.rules = rules;
    }

    public Job apply(Job job, JobEvent event) {
        Object payload = event.getPayload();
        if (payload instanceof JobDeployed d) {
            List<Run> runs = job == null ? List.of() : job.runs();
            boolean stopped = job != null && job.stopped();
            return new Job(d.getName(), d.getType(), d.getArtifactDigest(), d.getArtifactSize(), d.getEntryPoint(),
                    d.getSettingsJson(), stopped, event.getAt(), runs, job == null ? List.of() : job.instances(),
                    job == null ? null : job.webhookSecretHash());
        }
        if (job == null || payload instanceof CommandRejected || payload instanceof CommandDuplicate) {
            return job;
        }
        if (payload instanceof JobDeleted) {
            return null;
        }
        if (payload instanceof RunRequested r) {
            // the size recorded with the event wins, so every replay prunes as the topology did at the time
            int historySize = r.getHistorySize() != null && r.getHistorySize() > 0 ? r.getHistorySize() : rules.historySize();
            List<Run> runs = new ArrayList<>(historySize);
            runs.add(new Run(r.getRunId(), RunStatus.Initializing, r.getTrigger(), r.getArguments(), event.getAt(),
                    null, null, null, null));
            // Past the size only finished runs go: a run still queued or running (concurrency allow lets many
            // pile up) keeps its place, so its reports still land and it ends with a status and a log.
            for (Run older : job.runs()) {
                if (runs.size() < historySize || !RunLifecycle.isFinal(older.status())) {
                    runs.add(older);
                }
            }
            return job.withRuns(runs);
        }
        if (payload instanceof RunStatusChanged c) {
            // Nearly always the newest run: look from the front and copy once (replays fold millions of these).
            int i = job.runIndex(c.getRunId());
            if (i < 0) {
                return job;
            }
            List<Run> runs = new ArrayList<>(job.runs());
            runs.set(i, runs.get(i).changedTo(c.getStatus(), c.getExitCode(), c.getReason(), c.getRunnerId(),
                    event.getAt()));
            return job.withRuns(runs);
        }
        if (payload instanceof SettingsUpdated s) {
            return job.withSettings(s.getSettingsJson());
        }
        if (payload instanceof JobStopped) {
            return job.withStopped(true);
        }
        if (payload instanceof JobStarted) {
            return job.withStopped(false);
        }
        if (payload instanceof WebhookSecretRotated w) {
            return job.withWebhookSecretHash(w.getSecretHash());
        }
        if (payload instanceof InstanceChanged || payload instanceof InstanceRemoved) {
            return InstanceFold.apply(job, event);
        }
        throw new IllegalArgumentException("unknown event payload " + payload.getClass().getName());
    }

    public Job applyAll(Job job, List<JobEvent> events) {
        Job state = job;
        for (JobEvent event : events) {
            state = apply(state, event);
        }
        return state;
    }
}
