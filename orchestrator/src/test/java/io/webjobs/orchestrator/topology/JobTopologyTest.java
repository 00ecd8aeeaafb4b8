package io.webjobs.orchestrator.topology;

import static io.webjobs.orchestrator.domain.Fixtures.DIGEST;
import static io.webjobs.orchestrator.domain.Fixtures.ENTRY_POINT;
import static io.webjobs.orchestrator.domain.Fixtures.JOB;
import static io.webjobs.orchestrator.domain.Fixtures.RUNNER;
import static io.webjobs.orchestrator.domain.Fixtures.SETTINGS;
import static io.webjobs.orchestrator.domain.Fixtures.aCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aDeleteCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aDeployCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aReportFor;
import static io.webjobs.orchestrator.domain.Fixtures.aRunCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aStopCommand;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.DeployJob;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobDeployed;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobSnapshot;
import io.webjobs.avro.JobType;
import io.webjobs.avro.LogBatch;
import io.webjobs.avro.LogLevel;
import io.webjobs.avro.LogLine;
import io.webjobs.avro.RejectionCode;
import io.webjobs.avro.RunRequest;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunSnapshot;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunStatusChanged;
import io.webjobs.avro.RunnerReport;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.domain.Run;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole orchestrator topology, driven without a broker on a mocked wall clock. */
class JobTopologyTest {

    private static final Instant START = Instant.parse("2026-11-25T07:20:13Z");
    private static final String RUN_ID_AT_START = "202611250720130000";
    private static final JobRules RULES = new JobRules(3, 300);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, JobCommand> commands;
    private TestInputTopic<String, RunnerReport> reports;
    private TestInputTopic<String, LogBatch> logs;
    private TestOutputTopic<String, JobEvent> events;
    private TestOutputTopic<String, RunRequest> runRequests;
    private KeyValueStore<String, JobSnapshot> jobStore;
    private KeyValueStore<String, LogBatch> logStore;

    @BeforeEach
    void startTheTopology() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "webjobs-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // as in production (Orchestrator): a record that does not decode is logged and skipped, not fatal.
        // Kafka 4 reads this key; "default.deserialization.exception.handler" is its deprecated alias.
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName());
        driver = new TopologyTestDriver(JobTopology.build(RULES), props, START);

        commands = driver.createInputTopic(Topics.COMMANDS.name(), Topics.COMMANDS.keySerde().serializer(),
                Topics.COMMANDS.valueSerde().serializer());
        reports = driver.createInputTopic(Topics.RUNNER_REPORTS.name(), Topics.RUNNER_REPORTS.keySerde().serializer(),
                Topics.RUNNER_REPORTS.valueSerde().serializer());
        logs = driver.createInputTopic(Topics.LOGS.name(), Topics.LOGS.keySerde().serializer(),
                Topics.LOGS.valueSerde().serializer());
        events = driver.createOutputTopic(Topics.EVENTS.name(), Topics.EVENTS.keySerde().deserializer(),
                Topics.EVENTS.valueSerde().deserializer());
        runRequests = driver.createOutputTopic(Topics.RUN_REQUESTS.name(),
                Topics.RUN_REQUESTS.keySerde().deserializer(), Topics.RUN_REQUESTS.valueSerde().deserializer());
        jobStore = driver.getKeyValueStore(JobTopology.JOB_STORE);
        logStore = driver.getKeyValueStore(JobTopology.LOG_STORE);
    }

    private List<RunSnapshot> runsOf(String jobKey) {
        return JobRuns.newestFirst(driver.<String, RunSnapshot>getKeyValueStore(JobTopology.RUN_STORE), jobKey);
    }

    @AfterEach
    void closeTheDriver() {
        driver.close();
    }

    @Test
    void shouldDeployAJobAndStoreIt() {
        JobCommand deploy = aDeployCommand("Nightly");

        commands.pipeInput(Topics.jobKey("Nightly"), deploy);

        KeyValue<String, JobEvent> event = events.readKeyValue();
        assertThat(event.key).isEqualTo("nightly");
        assertThat(event.value.getCausedBy()).isEqualTo(deploy.getCommandId());
        assertThat(event.value.getAt()).isEqualTo(START);
        assertThat(event.value.getPayload()).isEqualTo(
                new JobDeployed("Nightly", JobType.triggered, DIGEST, 1_024L, ENTRY_POINT, SETTINGS));
        assertThat(events.isEmpty()).isTrue();
        assertThat(runRequests.isEmpty()).isTrue();
        assertThat(jobStore.get("nightly")).satisfies(job -> {
            assertThat(job.getName()).isEqualTo("Nightly");
            assertThat(job.getType()).isEqualTo(JobType.triggered);
            assertThat(job.getArtifactDigest()).isEqualTo(DIGEST);
            assertThat(job.getDeployedAt()).isEqualTo(START);
            assertThat(job.getStopped()).isFalse();
        });
        assertThat(runsOf("nightly")).isEmpty();
    }

    @Test
    void shouldRequestARunFromARunner() {
        aDeployedJob();
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        commands.pipeInput(Topics.jobKey(JOB), aRunCommand(JOB, "--full"));

        String runId = "202611250720140000";
        assertThat(events.readValue().getPayload()).isInstanceOfSatisfying(RunRequested.class, requested -> {
            assertThat(requested.getRunId()).isEqualTo(runId);
            assertThat(requested.getArguments()).isEqualTo("--full");
        });
        KeyValue<String, RunRequest> request = runRequests.readKeyValue();
        assertThat(request.key).isEqualTo(JOB);
        assertThat(request.value).isEqualTo(new RunRequest(JOB, runId, JobType.triggered, DIGEST, ENTRY_POINT,
                "--full", SETTINGS, 300, Map.of(), START.plusSeconds(1), null));
        assertThat(runsOf(JOB)).singleElement().satisfies(run -> {
            assertThat(run.getRunId()).isEqualTo(runId);
            assertThat(run.getStatus()).isEqualTo(RunStatus.Initializing);
            assertThat(run.getStartTime()).isEqualTo(START.plusSeconds(1));
        });
    }

    @Test
    void shouldFollowTheRunnerReportsOfARun() {
        aDeployedJob();
        String runId = aRequestedRun();
        assertThat(runId).isEqualTo(RUN_ID_AT_START);

        driver.advanceWallClockTime(Duration.ofSeconds(2));
        reports.pipeInput(Topics.jobKey(JOB), aReportFor(JOB, runId, RunStatus.Running, null, null));
        driver.advanceWallClockTime(Duration.ofSeconds(30));
        reports.pipeInput(Topics.jobKey(JOB), aReportFor(JOB, runId, RunStatus.Success, 0, null));

        assertThat(events.readValuesToList()).extracting(JobEvent::getPayload).containsExactly(
                new RunStatusChanged(runId, RunStatus.Running, null, null, RUNNER),
                new RunStatusChanged(runId, RunStatus.Success, 0, null, RUNNER));
        RunSnapshot run = runsOf(JOB).get(0);
        assertThat(run.getStatus()).isEqualTo(RunStatus.Success);
        assertThat(run.getExitCode()).isZero();
        assertThat(run.getRunnerId()).isEqualTo(RUNNER);
        assertThat(run.getStartTime()).isEqualTo(START);
        assertThat(run.getEndTime()).isEqualTo(START.plusSeconds(32));
    }

    @Test
    void shouldWriteARunsRequestAndReportsToTheRunStoreOnlyNotTheJobAgain() {
        TestOutputTopic<String, byte[]> jobChangelog = driver.createOutputTopic(
                "webjobs-topology-test-" + JobTopology.JOB_STORE + "-changelog", new StringDeserializer(),
                new ByteArrayDeserializer());
        TestOutputTopic<String, byte[]> runChangelog = driver.createOutputTopic(
                "webjobs-topology-test-" + JobTopology.RUN_STORE + "-changelog", new StringDeserializer(),
                new ByteArrayDeserializer());
        aDeployedJob();
        assertThat(jobChangelog.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly(JOB);

        String runId = aRequestedRun();
        reports.pipeInput(Topics.jobKey(JOB), aReportFor(JOB, runId, RunStatus.Running, null, null));
        reports.pipeInput(Topics.jobKey(JOB), aReportFor(JOB, runId, RunStatus.Success, 0, null));

        assertThat(jobChangelog.isEmpty()).isTrue();
        assertThat(runChangelog.readKeyValuesToList()).extracting(kv -> kv.key)
                .containsOnly(JobRuns.key(JOB, runId)).hasSize(3);
        // and a change of the job itself still is
        commands.pipeInput(Topics.jobKey(JOB), aStopCommand(JOB));
        assertThat(jobChangelog.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly(JOB);
        assertThat(jobStore.get(JOB).getStopped()).isTrue();
    }

    @Test
    void shouldDropAStaleReport() {
        aDeployedJob();
        String runId = aRequestedRun();
        reports.pipeInput(Topics.jobKey(JOB), aReportFor(JOB, runId, RunStatus.Success, 0, null));
        events.readValue();

        reports.pipeInput(Topics.jobKey(JOB), aReportFor(JOB, runId, RunStatus.Running, null, null));

        assertThat(events.isEmpty()).isTrue();
        assertThat(runsOf(JOB).get(0).getStatus()).isEqualTo(RunStatus.Success);
    }

    @Test
    void shouldRejectARunOfAnUnknownJob() {
        JobCommand run = aRunCommand("ghost");

        commands.pipeInput(Topics.jobKey("ghost"), run);

        assertThat(events.readValue().getPayload()).isEqualTo(
                new CommandRejected(run.getCommandId(), RejectionCode.NOT_FOUND, "Job 'ghost' not found."));
        assertThat(runRequests.isEmpty()).isTrue();
        assertThat(jobStore.get("ghost")).isNull();
    }

    @Test
    void shouldIndexLogBatchesInSequenceOrder() {
        String logKey = Topics.logKey(JOB, RUN_ID_AT_START);
        logs.pipeInput(logKey, aLogBatch(RUN_ID_AT_START, 10, "ten"));
        logs.pipeInput(logKey, aLogBatch(RUN_ID_AT_START, 2, "two"));
        logs.pipeInput(logKey, aLogBatch(RUN_ID_AT_START, 0, "zero"));
        // another run whose id starts with this one's: the '/' in the prefix keeps it out
        String otherRun = RUN_ID_AT_START + "1";
        logs.pipeInput(Topics.logKey(JOB, otherRun), aLogBatch(otherRun, 1, "other run"));

        List<String> texts = new ArrayList<>();
        try (KeyValueIterator<String, LogBatch> scan = logStore.prefixScan(logKey + "/", new StringSerializer())) {
            scan.forEachRemaining(entry -> texts.add(entry.value.getLines().get(0).getText()));
        }

        assertThat(texts).containsExactly("zero", "two", "ten");
    }

    @Test
    void shouldForgetTheLogOfARunThatLeavesTheHistoryAndEveryLogOfADeletedJob() {
        aDeployedJob();
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // the history keeps 3
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            String runId = aRequestedRun();
            runIds.add(runId);
            logs.pipeInput(Topics.logKey(JOB, runId), aLogBatch(runId, 0, "run " + i));
            reports.pipeInput(Topics.jobKey(JOB), aReportFor(JOB, runId, RunStatus.Success, 0, null));
            events.readValue();
        }

        assertThat(logTexts(runIds.get(0))).as("pruned with its run").isEmpty();
        assertThat(logTexts(runIds.get(3))).containsExactly("run 3");

        commands.pipeInput(Topics.jobKey(JOB), aDeleteCommand(JOB));

        runIds.forEach(runId -> assertThat(logTexts(runId)).as(runId).isEmpty());
    }

    @Test
    void shouldLetARunPastTheHistorySizeFinishWithItsLogWhileItIsUnfinished() {
        commands.pipeInput(Topics.jobKey(JOB), aCommand(JOB, new DeployJob(JOB, JobType.triggered, DIGEST, 1L,
                ENTRY_POINT, "{\"concurrency\":\"allow\"}")));
        events.readValue();
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // the history keeps 3, and none of these has finished
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            String runId = aRequestedRun();
            runIds.add(runId);
            logs.pipeInput(Topics.logKey(JOB, runId), aLogBatch(runId, 0, "run " + i));
        }
        String oldest = runIds.get(0);

        reports.pipeInput(Topics.jobKey(JOB), aReportFor(JOB, oldest, RunStatus.Success, 0, null));

        assertThat(events.readValue().getPayload()).isInstanceOfSatisfying(RunStatusChanged.class,
                change -> assertThat(change.getRunId()).isEqualTo(oldest));
        assertThat(runStatuses()).containsEntry(oldest, RunStatus.Success).hasSize(4);
        assertThat(logTexts(oldest)).containsExactly("run 0");

        driver.advanceWallClockTime(Duration.ofSeconds(1));
        aRequestedRun(); // finished now, the oldest is pruned at the next run

        assertThat(runStatuses()).doesNotContainKey(oldest).hasSize(4);
        assertThat(logTexts(oldest)).isEmpty();
    }

    @Test
    void shouldGoOnFromTheHistoryOfAJobStoredWithItsRunsInline() {
        // a job as the store held it before the job-runs store: its runs in its snapshot
        String running = "202611250700000000";
        String done = "202611250600000000";
        Job stored = new Job(JOB, JobType.triggered, DIGEST, 1_024L, ENTRY_POINT, SETTINGS, false, START, List.of(
                new Run(running, RunStatus.Running, "External - curl", null, START, null, null, null, RUNNER),
                new Run(done, RunStatus.Success, "External - curl", null, START.minusSeconds(60),
                        START.minusSeconds(30), 0, null, RUNNER)));
        jobStore.put(Topics.jobKey(JOB), JobSnapshots.toSnapshot(stored));

        reports.pipeInput(Topics.jobKey(JOB), aReportFor(JOB, running, RunStatus.Success, 0, null));

        assertThat(events.readValue().getPayload()).isInstanceOf(RunStatusChanged.class);
        assertThat(runStatuses()).containsExactly(Map.entry(running, RunStatus.Success),
                Map.entry(done, RunStatus.Success));
        assertThat(jobStore.get(Topics.jobKey(JOB)).getRuns()).as("the runs moved to the run store").isEmpty();
    }

    private Map<String, RunStatus> runStatuses() {
        Map<String, RunStatus> statuses = new LinkedHashMap<>();
        runsOf(Topics.jobKey(JOB)).forEach(run -> statuses.put(run.getRunId(), run.getStatus()));
        return statuses;
    }

    @Test
    void shouldKeepTheNewestBatchesOfALogPastItsCap() {
        String logKey = Topics.logKey(JOB, "continuous-launch");
        int written = RunLogProcessor.MAX_BATCHES + RunLogProcessor.CHECK_EVERY;
        for (int sequence = 0; sequence < written; sequence++) {
            logs.pipeInput(logKey, aLogBatch("continuous-launch", sequence, "line " + sequence));
        }

        List<String> kept = logTexts("continuous-launch");
        assertThat(kept).hasSize(RunLogProcessor.MAX_BATCHES);
        assertThat(kept.get(kept.size() - 1)).isEqualTo("line " + (written - 1));
        assertThat(kept.get(0)).isEqualTo("line " + (written - RunLogProcessor.MAX_BATCHES));
    }

    @Test
    void shouldSkipARecordThatDoesNotDecodeAndProcessTheNext() {
        TestInputTopic<String, byte[]> rawCommands = driver.createInputTopic(Topics.COMMANDS.name(),
                new StringSerializer(), new ByteArraySerializer());

        rawCommands.pipeInput(Topics.jobKey(JOB), new byte[] {(byte) 0xC3, 0x01, 0x00, 0x42, 0x13, 0x37});
        commands.pipeInput(Topics.jobKey(JOB), aDeployCommand(JOB));

        assertThat(events.readValuesToList()).extracting(JobEvent::getPayload)
                .singleElement().isInstanceOf(JobDeployed.class);
        assertThat(jobStore.get(JOB)).isNotNull();
    }

    @Test
    void shouldDescribeTheSameTopologyAsTheCommittedSnapshot() throws IOException {
        Topology topology = JobTopology.build(RULES);

        // A renamed node or store renames its changelog topic: update topology.txt only on purpose,
        // together with a decision record (docs/decisions).
        assertThat(topology.describe().toString().stripTrailing())
                .as("topology.describe() against src/test/resources/topology.txt")
                .isEqualToNormalizingNewlines(resource("/topology.txt").stripTrailing());
    }

    private void aDeployedJob() {
        commands.pipeInput(Topics.jobKey(JOB), aDeployCommand(JOB));
        events.readValue();
    }

    private String aRequestedRun() {
        commands.pipeInput(Topics.jobKey(JOB), aRunCommand(JOB));
        runRequests.readValue();
        return ((RunRequested) events.readValue().getPayload()).getRunId();
    }

    private List<String> logTexts(String runId) {
        List<String> texts = new ArrayList<>();
        try (KeyValueIterator<String, LogBatch> scan = logStore.prefixScan(Topics.logKey(JOB, runId) + "/",
                new StringSerializer())) {
            scan.forEachRemaining(entry -> texts.add(entry.value.getLines().get(0).getText()));
        }
        return texts;
    }

    private static LogBatch aLogBatch(String runId, long sequence, String text) {
        return new LogBatch(JOB, runId, RUNNER, sequence,
                List.of(new LogLine(START.plusSeconds(sequence), LogLevel.INFO, text)), null);
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = Objects.requireNonNull(JobTopologyTest.class.getResourceAsStream(path), path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
