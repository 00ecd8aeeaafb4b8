package io.webjobs.orchestrator.topology;

import io.webjobs.avro.JobStatus;
import io.webjobs.orchestrator.domain.Job;
import java.time.Instant;
import java.util.Objects;

/**
 * The record published on {@code webjobs.status}: a job's type, whether it is stopped, and its latest
 * run. Published only when one of those changed, so a consumer sees each run status once, in order.
 */
public final class JobStatuses {

    private JobStatuses() {
    }

    /** The status of the job, or {@code null} (a tombstone) when it no longer exists. */
    public static JobStatus of(Job job, Instant now) {
        if (job == null) {
            return null;
        }
        return new JobStatus(job.name(), job.type(), job.stopped(),
                job.latestRun().map(JobSnapshots::toSnapshot).orElse(null), now);
    }

    public static boolean changed(Job before, Job after) {
        if (before == null || after == null) {
            return before != after;
        }
        return !before.name().equals(after.name()) || before.type() != after.type()
                || before.stopped() != after.stopped()
                || !Objects.equals(before.latestRun(), after.latestRun());
    }
}
