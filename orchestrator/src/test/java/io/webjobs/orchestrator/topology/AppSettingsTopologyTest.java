package io.webjobs.orchestrator.topology;

import static io.webjobs.orchestrator.domain.Fixtures.DIGEST;
import static io.webjobs.orchestrator.domain.Fixtures.ENTRY_POINT;
import static io.webjobs.orchestrator.domain.Fixtures.SIZE;
import static io.webjobs.orchestrator.domain.Fixtures.aCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aReportFor;
import static io.webjobs.orchestrator.domain.Fixtures.aRunCommand;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.AppSetting;
import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.DeployJob;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RunSnapshot;
import io.webjobs.avro.JobType;
import io.webjobs.avro.LogBatch;
import io.webjobs.avro.LogLine;
import io.webjobs.avro.RunRequest;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunnerReport;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** App settings changed at runtime, on the topology's own mocked clock: each takes effect without a restart. */
class AppSettingsTopologyTest {

    private static final Instant START = Instant.parse("2026-11-25T07:20:13Z");
    private static final String EVERY_10_S = "*/10 * * * * *";
    private static final String DAILY_AT_9 = "0 0 9 * * *";

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, JobCommand> commands;
    private TestInputTopic<String, RunnerReport> reports;
    private TestInputTopic<String, AppSetting> settings;
    private TestOutputTopic<String, JobEvent> events;
    private TestOutputTopic<String, RunRequest> runRequests;
    private TestOutputTopic<String, LogBatch> logs;
    private final List<String> schedulerLines = new ArrayList<>();

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "webjobs-app-settings-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(JobTopology.build(new JobRules(50, 300), ScheduleRules.DEFAULT), props, START);
        commands = driver.createInputTopic(Topics.COMMANDS.name(), Topics.COMMANDS.keySerde().serializer(),
                Topics.COMMANDS.valueSerde().serializer());
        reports = driver.createInputTopic(Topics.RUNNER_REPORTS.name(), Topics.RUNNER_REPORTS.keySerde().serializer(),
                Topics.RUNNER_REPORTS.valueSerde().serializer());
        settings = driver.createInputTopic(Topics.APP_SETTINGS.name(), Topics.APP_SETTINGS.keySerde().serializer(),
                Topics.APP_SETTINGS.valueSerde().serializer());
        events = driver.createOutputTopic(Topics.EVENTS.name(), Topics.EVENTS.keySerde().deserializer(),
                Topics.EVENTS.valueSerde().deserializer());
        runRequests = driver.createOutputTopic(Topics.RUN_REQUESTS.name(),
                Topics.RUN_REQUESTS.keySerde().deserializer(), Topics.RUN_REQUESTS.valueSerde().deserializer());
        logs = driver.createOutputTopic(Topics.LOGS.name(), Topics.LOGS.keySerde().deserializer(),
                Topics.LOGS.valueSerde().deserializer());
    }

    @AfterEach
    void closeTheDriver() {
        driver.close();
    }

    @Test
    void shouldSkipEveryTickWhileSchedulesAreDisabledAndResumeByTheMissedTickRule() {
        deploy("ticking", "{\"schedule\":\"" + EVERY_10_S + "\"}");
        set("WEBJOBS_DISABLE_SCHEDULE", "1");

        driver.advanceWallClockTime(Duration.ofSeconds(7)); // 07:20:20
        driver.advanceWallClockTime(Duration.ofSeconds(10)); // 07:20:30
        driver.advanceWallClockTime(Duration.ofSeconds(15)); // 07:20:45

        assertThat(requestedRuns()).isEmpty();
        assertThat(schedulerLog("ticking")).contains(
                "Skipped schedule at 2026-11-25T07:20:20Z: schedules are disabled (WEBJOBS_DISABLE_SCHEDULE=1)",
                "Skipped schedule at 2026-11-25T07:20:30Z: schedules are disabled (WEBJOBS_DISABLE_SCHEDULE=1)",
                "Skipped schedule at 2026-11-25T07:20:40Z: schedules are disabled (WEBJOBS_DISABLE_SCHEDULE=1)");

        set("WEBJOBS_DISABLE_SCHEDULE", "0");
        afterTheFleetTick();

        assertThat(requestedRuns()).extracting(RunRequested::getDueAt)
                .containsExactly(Instant.parse("2026-11-25T07:20:40Z"));
        assertThat(schedulerLog("ticking")).contains("Schedules enabled again (WEBJOBS_DISABLE_SCHEDULE): the "
                + "occurrences since 2026-11-25T07:20:20Z follow the missed-tick rule (misfire 'last')",
                "Missed 2 schedules, most recent at 2026-11-25T07:20:30Z");
        driver.advanceWallClockTime(Duration.ofSeconds(5)); // 07:20:50: on time again, the first run still going
        assertThat(schedulerLog("ticking")).last().asString().startsWith("Skipped schedule at 2026-11-25T07:20:50Z: ");
    }

    @Test
    void shouldReplanSchedulesWithoutTheirOwnZoneWhenTheTimeZoneChanges() {
        deploy("local", "{\"schedule\":\"" + DAILY_AT_9 + "\"}");
        deploy("pinned", "{\"schedule\":\"" + DAILY_AT_9 + "\",\"time_zone\":\"UTC\"}");
        driver.advanceWallClockTime(Duration.ofMillis(20));
        assertThat(nextDue("local")).isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));

        set("WEBSITE_TIME_ZONE", "Asia/Tokyo"); // 16:20 there: 09:00 Tokyo next is tomorrow 00:00 UTC
        afterTheFleetTick();

        assertThat(nextDue("local")).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(nextDue("pinned")).as("its own time_zone").isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
        assertThat(schedulerLog("local")).last().asString()
                .isEqualTo("Schedule '" + DAILY_AT_9 + "' in Asia/Tokyo set; next at 2026-11-26T00:00:00Z");

        settings.pipeInput("WEBSITE_TIME_ZONE", null); // removed: back to the start-up zone
        afterTheFleetTick();
        assertThat(nextDue("local")).isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
    }

    @Test
    void shouldKeepTheHistorySizeInForceFromTheNextRun() {
        deploy("history", "{}");
        for (int i = 0; i < 4; i++) {
            finishedRun("history");
        }
        assertThat(runsKept("history")).isEqualTo(4);

        set("WEBJOBS_HISTORY_SIZE", "2");
        finishedRun("history");

        assertThat(runsKept("history")).isEqualTo(2);
    }

    @Test
    void shouldCarryTheIdleTimeoutAndTheSettingsInForceInTheRunRequest() {
        deploy("env", "{}");
        set("WEBJOBS_IDLE_TIMEOUT", "45");
        set("GREETING", "hello");

        commands.pipeInput(Topics.jobKey("env"), aRunCommand("env"));

        RunRequest request = runRequests.readValue();
        assertThat(request.getIdleTimeoutSeconds()).isEqualTo(45);
        assertThat(request.getEnvironment()).containsEntry("GREETING", "hello").containsEntry("WEBJOBS_IDLE_TIMEOUT", "45");
    }

    private void set(String name, String value) {
        settings.pipeInput(name, new AppSetting(name, value, START));
    }

    private void deploy(String job, String settingsJson) {
        commands.pipeInput(Topics.jobKey(job), aCommand(job, new DeployJob(job, JobType.triggered, DIGEST, SIZE,
                ENTRY_POINT, settingsJson)));
        assertThat(events.readValue().getPayload()).isNotInstanceOf(CommandRejected.class);
    }

    private void finishedRun(String job) {
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        commands.pipeInput(Topics.jobKey(job), aRunCommand(job));
        String runId = runRequests.readValue().getRunId();
        reports.pipeInput(Topics.jobKey(job), aReportFor(job, runId, RunStatus.Success, 0, null));
    }

    private int runsKept(String job) {
        return JobRuns.newestFirst(driver.<String, RunSnapshot>getKeyValueStore(JobTopology.RUN_STORE),
                Topics.jobKey(job)).size();
    }

    private Instant nextDue(String job) {
        KeyValueStore<String, String> index = driver.getKeyValueStore(JobTopology.TIMER_INDEX_STORE);
        return Instant.ofEpochMilli(Long.parseLong(index.get(Topics.jobKey(job)).substring(0, 13)));
    }

    private List<RunRequested> requestedRuns() {
        return events.readValuesToList().stream().map(JobEvent::getPayload)
                .filter(RunRequested.class::isInstance).map(RunRequested.class::cast).toList();
    }

    private List<String> schedulerLog(String job) {
        logs.readKeyValuesToList().stream().filter(kv -> kv.key.equals(job + "/scheduler"))
                .flatMap(kv -> kv.value.getLines().stream()).map(LogLine::getText).forEach(schedulerLines::add);
        return schedulerLines;
    }

    /**
     * A setting that moves timers applies at the next fleet tick (the scheduler may rest until its next
     * timer), and what is due then fires at the scheduler's next look, a scheduler tick later.
     */
    private void afterTheFleetTick() {
        driver.advanceWallClockTime(JobTopology.DEFAULT_TICK);
        driver.advanceWallClockTime(ScheduleRules.DEFAULT.tickEvery());
    }
}
