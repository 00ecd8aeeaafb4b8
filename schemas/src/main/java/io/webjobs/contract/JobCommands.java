package io.webjobs.contract;

import io.webjobs.avro.DeleteJob;
import io.webjobs.avro.DeployJob;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobType;
import io.webjobs.avro.RunJob;
import io.webjobs.avro.StartJob;
import io.webjobs.avro.StopJob;
import io.webjobs.avro.UpdateSettings;
import java.time.Instant;
import java.util.UUID;

/**
 * Builds command envelopes: {@code JobCommands.run("nightly").withArguments("--full").by("ops")}.
 * Each builder call returns a new value; {@link #build(Instant)} stamps a fresh command id.
 */
public final class JobCommands {

    private final String jobName;
    private final Object payload;
    private final String issuedBy;
    private final String correlationId;

    private JobCommands(String jobName, Object payload, String issuedBy) {
        this(jobName, payload, issuedBy, null);
    }

    private JobCommands(String jobName, Object payload, String issuedBy, String correlationId) {
        this.jobName = jobName;
        this.payload = payload;
        this.issuedBy = issuedBy;
        this.correlationId = correlationId;
    }

    public static JobCommands deploy(String name, JobType type, ArtifactRef artifact, String entryPoint,
            String settingsJson) {
        return new JobCommands(name, new DeployJob(name, type, artifact.digest(), artifact.size(), entryPoint,
                settingsJson), "unknown");
    }

    public static JobCommands run(String name) {
        return new JobCommands(name, new RunJob(null, "External"), "unknown");
    }

    public static JobCommands delete(String name) {
        return new JobCommands(name, new DeleteJob(), "unknown");
    }

    public static JobCommands start(String name) {
        return new JobCommands(name, new StartJob(), "unknown");
    }

    public static JobCommands stop(String name) {
        return new JobCommands(name, new StopJob(), "unknown");
    }

    public static JobCommands updateSettings(String name, String settingsJson) {
        return new JobCommands(name, new UpdateSettings(settingsJson), "unknown");
    }

    /** Arguments of a run command (passed to the job's script). */
    public JobCommands withArguments(String arguments) {
        RunJob run = requireRun();
        return new JobCommands(jobName, new RunJob(arguments, run.getTrigger()), issuedBy, correlationId);
    }

    /** How the run shows in history, e.g. {@code External - curl/8.5}. */
    public JobCommands withTrigger(String trigger) {
        RunJob run = requireRun();
        return new JobCommands(jobName, new RunJob(run.getArguments(), trigger), issuedBy, correlationId);
    }

    /** Who issues the command: kept in the audit trail. */
    public JobCommands by(String issuer) {
        return new JobCommands(jobName, payload, issuer, correlationId);
    }

    /** Ties the command, its events, runs and logs to one user action; {@code null} means the command's own id. */
    public JobCommands correlatedWith(String id) {
        return new JobCommands(jobName, payload, issuedBy, id == null || id.isBlank() ? null : id);
    }

    public String jobName() {
        return jobName;
    }

    public JobCommand build(Instant now) {
        String commandId = UUID.randomUUID().toString();
        return new JobCommand(commandId, now, issuedBy, jobName, payload,
                correlationId == null ? commandId : correlationId);
    }

    private RunJob requireRun() {
        if (payload instanceof RunJob run) {
            return run;
        }
        throw new IllegalStateException("arguments and triggers apply to run commands only");
    }
}
