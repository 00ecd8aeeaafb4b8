package io.webjobs.orchestrator.domain;

import io.webjobs.avro.JobType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The folded state of one job: what was deployed, whether it is stopped, and its runs, newest first.
 * Immutable; {@link JobFold} produces the next one from an event.
 */
public record Job(String name, JobType type, String artifactDigest, long artifactSize, String entryPoint,
        String settingsJson, boolean stopped, Instant deployedAt, List<Run> runs, List<Instance> instances,
        String webhookSecretHash) {

    public Job {
        runs = List.copyOf(runs);
        instances = List.copyOf(instances);
    }

    /** A job without a webhook secret. */
    public Job(String name, JobType type, String artifactDigest, long artifactSize, String entryPoint,
            String settingsJson, boolean stopped, Instant deployedAt, List<Run> runs, List<Instance> instances) {
        this(name, type, artifactDigest, artifactSize, entryPoint, settingsJson, stopped, deployedAt, runs, instances,
                null);
    }

    /** A job without continuous instances (every triggered job). */
    public Job(String name, JobType type, String artifactDigest, long artifactSize, String entryPoint,
            String settingsJson, boolean stopped, Instant deployedAt, List<Run> runs) {
        this(name, type, artifactDigest, artifactSize, entryPoint, settingsJson, stopped, deployedAt, runs, List.of());
    }

    /** This job's instance on the runner, if placed there. */
    public Optional<Instance> instance(String runnerId) {
        return instances.stream().filter(i -> i.runnerId().equals(runnerId)).findFirst();
    }

    Job withInstances(List<Instance> newInstances) {
        return new Job(name, type, artifactDigest, artifactSize, entryPoint, settingsJson, stopped, deployedAt, runs,
                newInstances, webhookSecretHash);
    }

    Job withWebhookSecretHash(String hash) {
        return new Job(name, type, artifactDigest, artifactSize, entryPoint, settingsJson, stopped, deployedAt, runs,
                instances, hash);
    }

    public String key() {
        return JobName.key(name);
    }

    public Optional<Run> latestRun() {
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    public Optional<Run> run(String runId) {
        int i = runIndex(runId);
        return i < 0 ? Optional.empty() : Optional.of(runs.get(i));
    }

    /**
     * Where the run is in the history, or -1. Asked for every report, over a history that holds every queued run:
     * the ids share their leading digits, so their cached hashes tell most of them apart before their characters.
     */
    int runIndex(String runId) {
        int hash = runId.hashCode();
        for (int i = 0; i < runs.size(); i++) {
            String id = runs.get(i).runId();
            if (id.hashCode() == hash && id.equals(runId)) {
                return i;
            }
        }
        return -1;
    }

    /** The run that is not finished yet, if any: at most one exists for a triggered job. */
    public Optional<Run> activeRun() {
        return latestRun().filter(r -> !RunLifecycle.isFinal(r.status()));
    }

    /** Whether the two differ in their runs at most: the job itself, as stored apart from its runs, is the same. */
    public boolean sameApartFromRuns(Job other) {
        return other != null && withRuns(List.of()).equals(other.withRuns(List.of()));
    }

    Job withRuns(List<Run> newRuns) {
        return new Job(name, type, artifactDigest, artifactSize, entryPoint, settingsJson, stopped, deployedAt, newRuns, instances,
                webhookSecretHash);
    }

    Job withStopped(boolean value) {
        return new Job(name, type, artifactDigest, artifactSize, entryPoint, settingsJson, value, deployedAt, runs, instances,
                webhookSecretHash);
    }

    Job withSettings(String json) {
        return new Job(name, type, artifactDigest, artifactSize, entryPoint, json, stopped, deployedAt, runs, instances,
                webhookSecretHash);
    }
}
