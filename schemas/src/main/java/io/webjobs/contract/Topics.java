package io.webjobs.contract;

import io.webjobs.avro.AppSetting;
import io.webjobs.avro.ArtifactChunk;
import io.webjobs.avro.InstanceCommand;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobStatus;
import io.webjobs.avro.LogBatch;
import io.webjobs.avro.RunRequest;
import io.webjobs.avro.RunnerHeartbeat;
import io.webjobs.avro.RunnerReport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;

/**
 * The registry of webjobs topics: name, serdes, partition count and retention of each. Commands,
 * runner reports, events and status are keyed by {@link #jobKey} and share {@link #JOB_PARTITIONS},
 * so one Streams task owns the whole history of a job (run requests are keyed by job too, but spread
 * by run id): a producer of commands must use {@link #jobKey} of the command's job as the record key
 * (the {@link CommandPublisher} does).
 */
public final class Topics {

    /** Partitions of the job-keyed topics; they must stay equal (co-partitioning). */
    public static final int JOB_PARTITIONS = 3;

    /**
     * Partitions of {@code webjobs.run-requests}: a runner group splits them, so they bound how many runners
     * share triggered runs, and an even share needs a count the runner count divides (12: 1, 2, 3, 4, 6 or
     * 12 runners). Only the runners read the topic, so it need not match {@link #JOB_PARTITIONS}.
     */
    public static final int RUN_REQUEST_PARTITIONS = 12;

    private static final Serde<String> KEY = Serdes.String();

    /** Commands to the orchestrator, from the API, the CLI or any service; kept 7 days (the dedup horizon). */
    public static final Topic<String, JobCommand> COMMANDS = new Topic<>("webjobs.commands", KEY,
            AvroSerde.of(JobCommand.class), JOB_PARTITIONS, new Topic.Days(7));
    public static final Topic<String, RunnerReport> RUNNER_REPORTS = new Topic<>("webjobs.runner-reports", KEY,
            AvroSerde.of(RunnerReport.class), JOB_PARTITIONS, new Topic.Days(7));
    /** The event log, written only by the orchestrator; every command ends in an event naming its commandId. */
    public static final Topic<String, JobEvent> EVENTS = new Topic<>("webjobs.events", KEY,
            AvroSerde.of(JobEvent.class), JOB_PARTITIONS, new Topic.Forever());
    /**
     * Runs to start, keyed by {@link #jobKey} but spread over the partitions by run id (see
     * {@link #runRequestPartition}): the runners share them by partition (consumer group), so runs of one
     * job go to every runner and up to {@link #RUN_REQUEST_PARTITIONS} runners each get a share.
     */
    public static final Topic<String, RunRequest> RUN_REQUESTS = new Topic<>("webjobs.run-requests", KEY,
            AvroSerde.of(RunRequest.class), RUN_REQUEST_PARTITIONS, new Topic.Days(7));
    public static final Topic<String, LogBatch> LOGS = new Topic<>("webjobs.logs", KEY,
            AvroSerde.of(LogBatch.class), JOB_PARTITIONS, new Topic.Days(30));
    public static final Topic<String, ArtifactChunk> ARTIFACTS = new Topic<>("webjobs.artifacts", KEY,
            AvroSerde.of(ArtifactChunk.class), 1, new Topic.Compacted());
    public static final Topic<String, RunnerHeartbeat> INSTANCES = new Topic<>("webjobs.instances", KEY,
            AvroSerde.of(RunnerHeartbeat.class), 1, new Topic.Compacted());
    /**
     * Each job's current status and latest run (key = {@link #jobKey}), written by the topology in the
     * transaction of the events that changed it; a tombstone (null value) when the job is deleted.
     * Compacted: read it from the beginning (or as a GlobalKTable) to get every job's status.
     */
    public static final Topic<String, JobStatus> STATUS = new Topic<>("webjobs.status", KEY,
            AvroSerde.of(JobStatus.class), JOB_PARTITIONS, new Topic.Compacted());
    /** Poison records of any topic, raw, with {@link DeadLetters} headers naming their origin. */
    public static final Topic<String, byte[]> DEAD_LETTER = new Topic<>("webjobs.dead-letter", KEY,
            Serdes.ByteArray(), 1, new Topic.Days(30));

    /** Continuous-instance start/stop for one runner each; every runner reads all of it (no group). */
    public static final Topic<String, InstanceCommand> RUNNER_COMMANDS = new Topic<>("webjobs.runner-commands", KEY,
            AvroSerde.of(InstanceCommand.class), JOB_PARTITIONS, new Topic.Days(1));

    /** App-wide settings (WEBJOBS_STOPPED …), keyed by name; every orchestrator reads all of it. */
    public static final Topic<String, AppSetting> APP_SETTINGS = new Topic<>("webjobs.app-settings", KEY,
            AvroSerde.of(AppSetting.class), 1, new Topic.Compacted());

    private Topics() {
    }

    /** Every topic, as the orchestrator creates them at start. */
    public static List<Topic<String, ?>> all() {
        return List.of(COMMANDS, RUNNER_REPORTS, EVENTS, RUN_REQUESTS, LOGS, ARTIFACTS, INSTANCES, STATUS,
                DEAD_LETTER, RUNNER_COMMANDS, APP_SETTINGS);
    }

    /** The partition of a run's request: by run id, so a job's runs spread over the runners. */
    public static int runRequestPartition(String runId, int partitions) {
        return Utils.toPositive(Utils.murmur2(runId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Job names match case-insensitively (as in Kudu), so records are keyed by the lower-cased name. */
    public static String jobKey(String jobName) {
        return jobName.toLowerCase(Locale.ROOT);
    }

    /** Key of a run's log batches on {@link #LOGS}. */
    public static String logKey(String jobName, String runId) {
        return jobKey(jobName) + "/" + runId;
    }

    /** Key of one artifact chunk on {@link #ARTIFACTS}. */
    public static String artifactKey(String digest, int index) {
        return digest + "/" + index;
    }
}
