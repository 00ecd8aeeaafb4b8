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
import io.webjobs.avro.RunJob;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunStatusChanged;
import io.webjobs.avro.RunnerReport;
import io.webjobs.avro.SettingsUpdated;
import io.webjobs.avro.StartJob;
import io.webjobs.avro.StopJob;
import io.webjobs.avro.UpdateSettings;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test fixtures that read as prose: {@code aDeployCommand("nightly")}, {@code aTriggeredJob()},
 * {@code aReport(runId, Running)}. Every time is a fixed instant, never the wall clock.
 */
public final class Fixtures {

    public static final String JOB = "nightly";
    public static final String ISSUER = "alice";
    public static final String RUNNER = "runner-1";
    public static final String DIGEST = "sha256:4f1c0a";
    public static final long SIZE = 1_024L;
    public static final String ENTRY_POINT = "run.sh";
    public static final String SETTINGS = "{\"schedule\":\"0 0 * * * *\"}";
    public static final String TRIGGER = "External - curl/8.5";

    /** 2026-11-25 07:20:13.1234 UTC: the run id requested at this instant is 202611250720131234. */
    public static final Instant NOW = Instant.parse("2026-11-25T07:20:13.123456789Z");
    public static final String RUN_ID_AT_NOW = "202611250720131234";
    /** {@link #NOW} as an event records it: Avro's timestamp-millis keeps milliseconds only. */
    public static final Instant NOW_IN_MILLIS = NOW.truncatedTo(ChronoUnit.MILLIS);
    public static final Instant DEPLOYED_AT = Instant.parse("2026-11-24T12:00:00Z");

    private static final AtomicLong IDS = new AtomicLong();

    private Fixtures() {
    }

    // ----- commands -----

    public static JobCommand aDeployCommand(String name) {
        return aDeployCommand(name, JobType.triggered);
    }

    public static JobCommand aDeployCommand(String name, JobType type) {
        return aCommand(name, new DeployJob(name, type, DIGEST, SIZE, ENTRY_POINT, SETTINGS));
    }

    public static JobCommand aRunCommand(String name) {
        return aRunCommand(name, "--full");
    }

    public static JobCommand aRunCommand(String name, String arguments) {
        return aCommand(name, new RunJob(arguments, TRIGGER, null));
    }

    public static JobCommand aDeleteCommand(String name) {
        return aCommand(name, new DeleteJob());
    }

    public static JobCommand aStartCommand(String name) {
        return aCommand(name, new StartJob());
    }

    public static JobCommand aStopCommand(String name) {
        return aCommand(name, new StopJob());
    }

    public static JobCommand anUpdateSettingsCommand(String name, String settingsJson) {
        return aCommand(name, new UpdateSettings(settingsJson));
    }

    public static JobCommand aCommand(String name, Object payload) {
        return new JobCommand("cmd-" + IDS.incrementAndGet(), NOW, ISSUER, name, payload, null);
    }

    // ----- runner reports -----

    public static RunnerReport aReport(String runId, RunStatus status) {
        return aReport(runId, status, null, null);
    }

    public static RunnerReport aReport(String runId, RunStatus status, Integer exitCode, String reason) {
        return aReportFor(JOB, runId, status, exitCode, reason);
    }

    public static RunnerReport aReportFor(String jobName, String runId, RunStatus status, Integer exitCode,
            String reason) {
        return new RunnerReport("report-" + IDS.incrementAndGet(), RUNNER, jobName, runId, NOW, status, exitCode,
                reason, null);
    }

    // ----- folded state -----

    public static Job aTriggeredJob() {
        return aJob(JobType.triggered, false);
    }

    public static Job aContinuousJob() {
        return aJob(JobType.continuous, false);
    }

    public static Job aStoppedTriggeredJob() {
        return aJob(JobType.triggered, true);
    }

    public static Job aTriggeredJobWith(Run... newestFirst) {
        return aTriggeredJob().withRuns(Arrays.asList(newestFirst));
    }

    private static Job aJob(JobType type, boolean stopped) {
        return new Job(JOB, type, DIGEST, SIZE, ENTRY_POINT, SETTINGS, stopped, DEPLOYED_AT, List.of());
    }

    /** A run as the fold leaves it: final statuses carry an end time, the others do not. */
    public static Run aRun(String runId, RunStatus status) {
        Instant start = Instant.parse("2026-11-25T07:00:00Z");
        Instant end = RunLifecycle.isFinal(status) ? start.plusSeconds(30) : null;
        return new Run(runId, status, TRIGGER, "--full", start, end, null, null, RUNNER);
    }

    // ----- events -----

    public static JobEvent aDeployedEvent(String name, Instant at) {
        return anEvent(at, new JobDeployed(name, JobType.triggered, DIGEST, SIZE, ENTRY_POINT, SETTINGS));
    }

    public static JobEvent aRedeployedEvent(String name, String digest, Instant at) {
        return anEvent(at, new JobDeployed(name, JobType.triggered, digest, SIZE * 2, "main.py", "{}"));
    }

    public static JobEvent aRunRequestedEvent(String runId, Instant at) {
        return anEvent(at, new RunRequested(runId, "--full", TRIGGER, null, null));
    }

    public static JobEvent aStatusChangedEvent(String runId, RunStatus status, Instant at) {
        return aStatusChangedEvent(runId, status, null, null, null, at);
    }

    public static JobEvent aStatusChangedEvent(String runId, RunStatus status, Integer exitCode, String reason,
            String runnerId, Instant at) {
        return anEvent(at, new RunStatusChanged(runId, status, exitCode, reason, runnerId));
    }

    public static JobEvent aDeletedEvent() {
        return anEvent(NOW, new JobDeleted());
    }

    public static JobEvent aStoppedEvent() {
        return anEvent(NOW, new JobStopped());
    }

    public static JobEvent aStartedEvent() {
        return anEvent(NOW, new JobStarted());
    }

    public static JobEvent aSettingsUpdatedEvent(String settingsJson) {
        return anEvent(NOW, new SettingsUpdated(settingsJson));
    }

    public static JobEvent aRejectedEvent() {
        return anEvent(NOW, new CommandRejected("cmd-0", RejectionCode.CONFLICT, JobDecisions.ALREADY_RUNNING));
    }

    public static JobEvent anEvent(Instant at, Object payload) {
        String cause = "cmd-" + IDS.incrementAndGet();
        return new JobEvent(cause + "/0", JOB, at, cause, ISSUER, payload, null);
    }
}
