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
import java.util.Objects;
import java.util.UUID;

/**
 * Builds the commands of {@code webjobs.commands}, one static factory per command type:
 * <pre>{@code
 * JobCommands.run("nightly-report").withArguments("--full").by("billing-service")
 * JobCommands.deploy("nightly-report", artifactPublisher.publish(zip)).withSettings("{}")
 * JobCommands.stop("nightly-report")
 * }</pre>
 * Values are immutable: each {@code with…} call returns a new one. {@link #build(Instant)} makes the
 * Avro envelope with a fresh random command id, unless {@link #withCommandId} fixed one: an
 * at-least-once publisher that derives the id from its own record (an outbox row, an order id)
 * gets each command applied once however often it sends it.
 */
public final class JobCommands {

    /** The issuer recorded when {@link #by} is not called. */
    public static final String UNKNOWN_ISSUER = "unknown";
    /** The trigger recorded for a run when {@link #withTrigger} is not called. */
    public static final String DEFAULT_TRIGGER = "External";

    private final String jobName;
    private final Object payload;
    private final String issuedBy;
    private final String commandId;
    private final String correlationId;

    private JobCommands(String jobName, Object payload, String issuedBy, String commandId, String correlationId) {
        this.jobName = Objects.requireNonNull(jobName, "jobName");
        this.payload = payload;
        this.issuedBy = issuedBy;
        this.commandId = commandId;
        this.correlationId = correlationId;
    }

    private static JobCommands of(String name, Object payload) {
        return new JobCommands(name, payload, UNKNOWN_ISSUER, null, null);
    }

    /**
     * Deploys (creates or replaces) a triggered job from an artifact already stored by
     * {@link ArtifactPublisher#publish}. The entry point is picked by the runner from the zip
     * ({@code run.*} first) unless {@link #withEntryPoint} names one.
     */
    public static JobCommands deploy(String name, ArtifactRef artifact) {
        return deploy(name, JobType.triggered, artifact, "", "{}");
    }

    /** Deploys a job with every field given; {@code entryPoint} is a file at the zip's root, or empty. */
    public static JobCommands deploy(String name, JobType type, ArtifactRef artifact, String entryPoint,
            String settingsJson) {
        return of(name, new DeployJob(name, type, artifact.digest(), artifact.size(), entryPoint, settingsJson));
    }

    /** Requests a run of a triggered job; the outcome carries the run id ({@link CommandOutcome#runId()}). */
    public static JobCommands run(String name) {
        return of(name, new RunJob(null, DEFAULT_TRIGGER, null));
    }

    /** Deletes a job and its history. */
    public static JobCommands delete(String name) {
        return of(name, new DeleteJob());
    }

    /** Starts a stopped job again. */
    public static JobCommands start(String name) {
        return of(name, new StartJob());
    }

    /** Stops a job: it does not run until started again. */
    public static JobCommands stop(String name) {
        return of(name, new StopJob());
    }

    /** Replaces the job's settings.job (a JSON object). */
    public static JobCommands updateSettings(String name, String settingsJson) {
        return of(name, new UpdateSettings(settingsJson));
    }

    /** Replaces a triggered job's webhook secret; only its SHA-256 (hex) is sent, the secret stays with the caller. */
    public static JobCommands rotateWebhookSecret(String name, String secretHash) {
        return of(name, new io.webjobs.avro.RotateWebhookSecret(secretHash));
    }

    /** Arguments of a run command (passed to the job's script). */
    public JobCommands withArguments(String arguments) {
        RunJob run = require(RunJob.class);
        return with(new RunJob(arguments, run.getTrigger(), run.getDueAt()));
    }

    /** How the run shows in history, e.g. {@code External - billing-service}. */
    public JobCommands withTrigger(String trigger) {
        RunJob run = require(RunJob.class);
        return with(new RunJob(run.getArguments(), trigger, run.getDueAt()));
    }

    /** The deployed job's type (triggered by default). */
    public JobCommands withType(JobType type) {
        DeployJob d = require(DeployJob.class);
        return with(new DeployJob(d.getName(), type, d.getArtifactDigest(), d.getArtifactSize(), d.getEntryPoint(),
                d.getSettingsJson()));
    }

    /** The file the deployed job runs, relative to the zip's root. */
    public JobCommands withEntryPoint(String entryPoint) {
        DeployJob d = require(DeployJob.class);
        return with(new DeployJob(d.getName(), d.getType(), d.getArtifactDigest(), d.getArtifactSize(), entryPoint,
                d.getSettingsJson()));
    }

    /** The deployed job's settings.job (a JSON object, {@code {}} by default). */
    public JobCommands withSettings(String settingsJson) {
        DeployJob d = require(DeployJob.class);
        return with(new DeployJob(d.getName(), d.getType(), d.getArtifactDigest(), d.getArtifactSize(),
                d.getEntryPoint(), settingsJson));
    }

    /** Who issues the command, e.g. a service's name: recorded as the {@code actor} of the events it causes. */
    public JobCommands by(String issuer) {
        return new JobCommands(jobName, payload, Objects.requireNonNull(issuer, "issuer"), commandId, correlationId);
    }

    /**
     * A command id chosen by the sender instead of a random one. The orchestrator applies each id
     * once (ids are remembered 7 days, the retention of {@code webjobs.commands}); a later copy
     * answers with a {@code CommandDuplicate} repeating the original outcome.
     */
    public JobCommands withCommandId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a command id must not be blank");
        }
        return new JobCommands(jobName, payload, issuedBy, id, correlationId);
    }

    /** Ties the command, its events, runs and logs to one user action; {@code null} means the command's own id. */
    public JobCommands correlatedWith(String id) {
        return new JobCommands(jobName, payload, issuedBy, commandId, id == null || id.isBlank() ? null : id);
    }

    public String jobName() {
        return jobName;
    }

    /** The Avro envelope, issued at {@code now}: send it (and resend the same value) with a {@link CommandPublisher}. */
    public JobCommand build(Instant now) {
        String id = commandId != null ? commandId : UUID.randomUUID().toString();
        return new JobCommand(id, now, issuedBy, jobName, payload, correlationId == null ? id : correlationId);
    }

    private JobCommands with(Object newPayload) {
        return new JobCommands(jobName, newPayload, issuedBy, commandId, correlationId);
    }

    private <T> T require(Class<T> type) {
        if (type.isInstance(payload)) {
            return type.cast(payload);
        }
        throw new IllegalStateException("this applies to " + type.getSimpleName() + " commands only, not "
                + payload.getClass().getSimpleName());
    }
}
