package io.webjobs.orchestrator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.JobDeleted;
import io.webjobs.avro.JobDeployed;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobStarted;
import io.webjobs.avro.JobStopped;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunStatusChanged;
import io.webjobs.avro.SettingsUpdated;
import io.webjobs.orchestrator.domain.RunLifecycle;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns committed job events into meters: runs started and finished by status, run duration (Running →
 * final), schedule lateness (RunRequested time − due time), commands accepted and rejected. Every
 * number comes from the event log, so every orchestrator instance following it shows the same totals.
 */
public final class RunEventMeter {

    /** Runs started but not finished, remembered for their duration; bounded so a lost final event cannot leak. */
    private static final int MAX_OPEN_RUNS = 100_000;

    private final MeterRegistry registry;
    private final Counter started;
    private final Counter accepted;
    private final Counter rejected;
    private final Timer duration;
    private final DistributionSummary lateness;
    private final Map<String, Long> runningSince = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_OPEN_RUNS;
        }
    };

    public RunEventMeter(MeterRegistry registry) {
        this.registry = registry;
        this.started = Counter.builder("webjobs.runs.started").description("runs that reached Running")
                .register(registry);
        this.accepted = Counter.builder("webjobs.commands").tag("outcome", "accepted")
                .description("commands applied to a job").register(registry);
        this.rejected = Counter.builder("webjobs.commands").tag("outcome", "rejected")
                .description("commands refused (CommandRejected)").register(registry);
        this.duration = Timer.builder("webjobs.run.duration").description("Running to final status")
                .publishPercentileHistogram().register(registry);
        this.lateness = DistributionSummary.builder("webjobs.schedule.lateness").baseUnit("seconds")
                .description("RunRequested time minus the schedule's due time")
                .serviceLevelObjectives(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
                .register(registry);
    }

    public synchronized void record(JobEvent event) {
        if (event == null) {
            return;
        }
        Object payload = event.getPayload();
        String runKey = event.getJobName() + "/";
        if (payload instanceof RunStatusChanged changed) {
            runKey += changed.getRunId();
            if (changed.getStatus() == RunStatus.Running) {
                started.increment();
                runningSince.put(runKey, event.getAt().toEpochMilli());
            } else if (RunLifecycle.isFinal(changed.getStatus())) {
                Counter.builder("webjobs.runs.finished").tag("status", changed.getStatus().name())
                        .description("runs that ended, by final status").register(registry).increment();
                Long since = runningSince.remove(runKey);
                if (since != null) {
                    duration.record(Duration.ofMillis(Math.max(0, event.getAt().toEpochMilli() - since)));
                }
            }
        } else if (payload instanceof RunRequested requested) {
            if (requested.getDueAt() != null) {
                lateness.record(Math.max(0, event.getAt().toEpochMilli() - requested.getDueAt().toEpochMilli())
                        / 1000.0);
            } else {
                accepted.increment();
            }
        } else if (payload instanceof CommandRejected) {
            rejected.increment();
        } else if (payload instanceof JobDeployed || payload instanceof JobDeleted || payload instanceof SettingsUpdated
                || payload instanceof JobStopped || payload instanceof JobStarted) {
            accepted.increment();
        }
    }

}
