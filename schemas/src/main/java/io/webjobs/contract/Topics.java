package io.webjobs.contract;

import io.webjobs.avro.AppSetting;
import io.webjobs.avro.ArtifactChunk;
import io.webjobs.avro.InstanceCommand;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.LogBatch;
import io.webjobs.avro.RunRequest;
import io.webjobs.avro.RunnerHeartbeat;
import io.webjobs.avro.RunnerReport;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The registry of webjobs topics. Commands, runner reports and events are keyed by job key and
 * share one partition count, so one Streams task owns the whole history of a job.
 */
public final class Topics {

    /** Partitions of the job-keyed topics; they must stay equal (co-partitioning). */
    public static final int JOB_PARTITIONS = 3;

    private static final Serde<String> KEY = Serdes.String();

    public static final Topic<String, JobCommand> COMMANDS = new Topic<>("webjobs.commands", KEY,
            AvroSerde.of(JobCommand.class), JOB_PARTITIONS, new Topic.Days(7));
    public static final Topic<String, RunnerReport> RUNNER_REPORTS = new Topic<>("webjobs.runner-reports", KEY,
            AvroSerde.of(RunnerReport.class), JOB_PARTITIONS, new Topic.Days(7));
    public static final Topic<String, JobEvent> EVENTS = new Topic<>("webjobs.events", KEY,
            AvroSerde.of(JobEvent.class), JOB_PARTITIONS, new Topic.Forever());
    public static final Topic<String, RunRequest> RUN_REQUESTS = new Topic<>("webjobs.run-requests", KEY,
            AvroSerde.of(RunRequest.class), JOB_PARTITIONS, new Topic.Days(7));
    public static final Topic<String, LogBatch> LOGS = new Topic<>("webjobs.logs", KEY,
            AvroSerde.of(LogBatch.class), JOB_PARTITIONS, new Topic.Days(30));
    public static final Topic<String, ArtifactChunk> ARTIFACTS = new Topic<>("webjobs.artifacts", KEY,
            AvroSerde.of(ArtifactChunk.class), 1, new Topic.Compacted());
    public static final Topic<String, RunnerHeartbeat> INSTANCES = new Topic<>("webjobs.instances", KEY,
            AvroSerde.of(RunnerHeartbeat.class), 1, new Topic.Compacted());

    /** Continuous-instance start/stop for one runner each; every runner reads all of it (no group). */
    public static final Topic<String, InstanceCommand> RUNNER_COMMANDS = new Topic<>("webjobs.runner-commands", KEY,
            AvroSerde.of(InstanceCommand.class), JOB_PARTITIONS, new Topic.Days(1));

    /** App-wide settings (WEBJOBS_STOPPED …), keyed by name; every orchestrator reads all of it. */
    public static final Topic<String, AppSetting> APP_SETTINGS = new Topic<>("webjobs.app-settings", KEY,
            AvroSerde.of(AppSetting.class), 1, new Topic.Compacted());

    private Topics() {
    }

    public static List<Topic<String, ?>> all() {
        return List.of(COMMANDS, RUNNER_REPORTS, EVENTS, RUN_REQUESTS, LOGS, ARTIFACTS, INSTANCES, RUNNER_COMMANDS,
                APP_SETTINGS);
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
