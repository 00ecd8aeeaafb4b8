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

    private JobCommands(String jobName, Object payload, String issuedBy) {
        this.jobName = jobName;
        this.payload = payload;
        this.issuedBy = issuedBy;
    }

    public static JobCommands deploy(String name, JobType type, ArtifactRef artifact, String entryPoint,
            String settingsJson) {
        return new JobCommands(name, new DeployJob(name, type, artifact.digest(), artifact.size(), entryPoint,
                settingsJson), "unknown");
    }

    public static JobCommands run(String name) {
        return new JobCommands(name, new RunJob(null, "External", null), "unknown");
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
        return new JobCommands(jobName, new RunJob(arguments, run.getTrigger(), run.getDueAt()), issuedBy);
    }

    /** How the run shows in history, e.g. {@code External - curl/8.5}. */
    public JobCommands withTrigger(String trigger) {
        RunJob run = requireRun();
        return new JobCommands(jobName, new RunJob(run.getArguments(), trigger, run.getDueAt()), issuedBy);
    }

    /** Who issues the command: kept in the audit trail. */
    public JobCommands by(String issuer) {
        return new JobCommands(jobName, payload, issuer);
    }

    public String jobName() {
        return jobName;
    }

    public JobCommand build(Instant now) {
        return new JobCommand(UUID.randomUUID().toString(), now, issuedBy, jobName, payload);
    }

    private RunJob requireRun() {
        if (payload instanceof RunJob run) {
            return run;
        }
        throw new IllegalStateException("arguments and triggers apply to run commands only");
    }
}
