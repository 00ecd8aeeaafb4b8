package io.webjobs.orchestrator.domain;

import io.webjobs.avro.RunRequest;
import io.webjobs.avro.RunRequested;
import java.time.Instant;
import java.util.Map;

/** What a runner is told to start for an accepted run: the job's artifact and the run's inputs. */
public final class RunRequests {

    private RunRequests() {
    }

    /** {@code correlationId} is the requesting event's, so the run's reports and logs carry it on. */
    public static RunRequest of(Job job, RunRequested requested, Instant at, JobRules rules, String correlationId) {
        return of(job, requested, at, rules, Map.of(), correlationId);
    }

    /**
     * {@code rules} and {@code environment} (the app settings) are those in force when the run is requested:
     * a change afterwards applies to the next run, not to one already on its way.
     */
    public static RunRequest of(Job job, RunRequested requested, Instant at, JobRules rules,
            Map<String, String> environment, String correlationId) {
        return new RunRequest(job.name(), requested.getRunId(), job.type(), job.artifactDigest(), job.entryPoint(),
                requested.getArguments(), job.settingsJson(), rules.idleTimeoutSeconds(), environment, at, correlationId);
    }
}
