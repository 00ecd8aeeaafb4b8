package io.webjobs.orchestrator.topology;

import static io.webjobs.orchestrator.domain.Fixtures.DIGEST;
import static io.webjobs.orchestrator.domain.Fixtures.ENTRY_POINT;
import static io.webjobs.orchestrator.domain.Fixtures.SIZE;
import static io.webjobs.orchestrator.domain.Fixtures.aCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aReportFor;
import static io.webjobs.orchestrator.domain.Fixtures.aStartCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aStopCommand;
import static io.webjobs.orchestrator.domain.Fixtures.anUpdateSettingsCommand;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.DeployJob;
import io.webjobs.avro.InstanceAction;
import io.webjobs.avro.InstanceCommand;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RunSnapshot;
import io.webjobs.avro.JobType;
import io.webjobs.avro.LogBatch;
import io.webjobs.avro.LogLine;
import io.webjobs.avro.RejectionCode;
import io.webjobs.avro.RunRequest;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunStatusChanged;
import io.webjobs.avro.RunnerReport;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schedules in the topology, on TopologyTestDriver's mocked wall clock: which ticks fire, and what is logged. */
class ScheduledJobTopologyTest {

    private static final Instant START = Instant.parse("2026-11-25T07:20:13Z");
    private static final String JOB = "nightly";
    private static final String EVERY_10_S = "*/10 * * * * *";

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, JobCommand> commands;
    private TestInputTopic<String, RunnerReport> reports;
    private TestOutputTopic<String, JobEvent> events;
    private TestOutputTopic<String, RunRequest> runRequests;
    private TestOutputTopic<String, LogBatch> logs;
    private TestOutputTopic<String, InstanceCommand> runnerCommands;

    @AfterEach
    void closeTheDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void shouldFireADueTickOnceThroughTheRunPath() {
        start(ScheduleRules.DEFAULT);
        deploy("{\"schedule\":\"" + EVERY_10_S + "\"}");

        driver.advanceWallClockTime(Duration.ofSeconds(7)); // 07:20:20: due
        for (int i = 0; i < 20; i++) {
            driver.advanceWallClockTime(Duration.ofMillis(20)); // later punctuations find nothing more due
        }

        List<RunRequested> runs = requestedRuns();
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).getTrigger()).isEqualTo("Schedule - " + EVERY_10_S);
        assertThat(runs.get(0).getDueAt()).isEqualTo(Instant.parse("2026-11-25T07:20:20Z"));
        RunRequest request = runRequests.readValue();
        assertThat(request.getRunId()).isEqualTo(runs.get(0).getRunId());
        assertThat(runRequests.isEmpty()).isTrue();
        assertThat(schedulerLog()).anyMatch(l -> l.startsWith("Run " + runs.get(0).getRunId()
                + " requested for the schedule at 2026-11-25T07:20:20Z; next at 2026-11-25T07:20:30Z"));
    }

    @Test
    void shouldFireEachOccurrenceOnceTheRunHasFinished() {
        start(ScheduleRules.DEFAULT);
        deploy("{\"schedule\":\"" + EVERY_10_S + "\"}");

        driver.advanceWallClockTime(Duration.ofSeconds(7));
        String first = requestedRuns().get(0).getRunId();
        reports.pipeInput(JOB, aReportFor(JOB, first, RunStatus.Success, 0, null));
        driver.advanceWallClockTime(Duration.ofSeconds(10));

        List<RunRequested> runs = requestedRuns();
        assertThat(runs).extracting(RunRequested::getDueAt).containsExactly(Instant.parse("2026-11-25T07:20:30Z"));
    }

    @Test
    void shouldSkipATickWhileTheJobRunsAndLogWhy() {
        start(ScheduleRules.DEFAULT);
        deploy("{\"schedule\":\"" + EVERY_10_S + "\"}");

        driver.advanceWallClockTime(Duration.ofSeconds(7));
        driver.advanceWallClockTime(Duration.ofSeconds(10));

        assertThat(requestedRuns()).hasSize(1);
        assertThat(schedulerLog()).contains("Skipped schedule at 2026-11-25T07:20:30Z: Cannot start a new run since "
                + "job is already running. (concurrency forbid)");
    }

    @Test
    void shouldOverlapRunsWhenConcurrencyAllows() {
        start(ScheduleRules.DEFAULT);
        deploy("{\"schedule\":\"" + EVERY_10_S + "\",\"concurrency\":\"allow\"}");

        driver.advanceWallClockTime(Duration.ofSeconds(7));
        driver.advanceWallClockTime(Duration.ofSeconds(10));

        assertThat(requestedRuns()).extracting(RunRequested::getDueAt).containsExactly(
                Instant.parse("2026-11-25T07:20:20Z"), Instant.parse("2026-11-25T07:20:30Z"));
    }

    @Test
    void shouldReplaceTheRunningRunAndTellItsRunnerToStopIt() {
        start(ScheduleRules.DEFAULT);
        deploy("{\"schedule\":\"" + EVERY_10_S + "\",\"concurrency\":\"replace\",\"stopping_wait_time\":3}");
        driver.advanceWallClockTime(Duration.ofSeconds(7)); // 07:20:20
        String first = requestedRuns().get(0).getRunId();
        reports.pipeInput(JOB, report("runner-7", first, RunStatus.Running));
        events.readValuesToList();

        driver.advanceWallClockTime(Duration.ofSeconds(10)); // 07:20:30: replace

        List<Object> appended = events.readValuesToList().stream().map(JobEvent::getPayload).toList();
        assertThat(appended).hasSize(2);
        RunStatusChanged aborted = (RunStatusChanged) appended.get(0);
        assertThat(aborted.getRunId()).isEqualTo(first);
        assertThat(aborted.getStatus()).isEqualTo(RunStatus.Aborted);
        assertThat(aborted.getReason()).isEqualTo("Replaced by the schedule at 2026-11-25T07:20:30Z");
        RunRequested second = (RunRequested) appended.get(1);
        assertThat(second.getDueAt()).isEqualTo(Instant.parse("2026-11-25T07:20:30Z"));
        assertThat(runRequests.readValuesToList()).extracting(RunRequest::getRunId).containsExactly(first,
                second.getRunId());
        InstanceCommand stop = runnerCommands.readValuesToList().stream().collect(onlyOne());
        assertThat(stop.getRunnerId()).isEqualTo("runner-7");
        assertThat(stop.getRunId()).isEqualTo(first);
        assertThat(stop.getAction()).isEqualTo(InstanceAction.stop);
        assertThat(stop.getStoppingWaitSeconds()).isEqualTo(3);
        assertThat(stop.getReason()).isEqualTo("Replaced by the schedule at 2026-11-25T07:20:30Z");
        assertThat(runStatus(first)).isEqualTo(RunStatus.Aborted);
        assertThat(schedulerLog()).contains("Run " + first + " (Running) aborted: Replaced by the schedule at "
                + "2026-11-25T07:20:30Z; runner runner-7 is told to stop it");
    }

    @Test
    void shouldStopAReplacedRunThatARunnerTakesOnlyAfterwards() {
        start(ScheduleRules.DEFAULT);
        deploy("{\"schedule\":\"" + EVERY_10_S + "\",\"concurrency\":\"replace\"}");
        driver.advanceWallClockTime(Duration.ofSeconds(7)); // 07:20:20: requested, no runner has it yet
        String first = requestedRuns().get(0).getRunId();

        driver.advanceWallClockTime(Duration.ofSeconds(10)); // 07:20:30: replaced while Initializing
        assertThat(runStatus(first)).isEqualTo(RunStatus.Aborted);
        assertThat(runnerCommands.isEmpty()).as("no runner to tell yet").isTrue();
        events.readValuesToList();

        reports.pipeInput(JOB, report("runner-9", first, RunStatus.Running)); // the late runner starts it

        assertThat(events.isEmpty()).as("the run stays Aborted").isTrue();
        assertThat(runStatus(first)).isEqualTo(RunStatus.Aborted);
        InstanceCommand stop = runnerCommands.readValuesToList().stream().collect(onlyOne());
        assertThat(stop.getRunnerId()).isEqualTo("runner-9");
        assertThat(stop.getRunId()).isEqualTo(first);
        assertThat(stop.getReason()).isEqualTo("Replaced by the schedule at 2026-11-25T07:20:30Z");
        assertThat(schedulerLog()).contains("Run " + first + " (Initializing) aborted: Replaced by the schedule at "
                + "2026-11-25T07:20:30Z; no runner has taken it yet; one that does is told to stop it");
    }

    @Test
    void shouldFireTheLatestMissedTickOnceAndLogTheOthers() {
        start(ScheduleRules.DEFAULT);
        deploy("{\"schedule\":\"" + EVERY_10_S + "\"}");

        driver.advanceWallClockTime(Duration.ofMinutes(5)); // 07:25:13: 30 occurrences since 07:20:20

        assertThat(requestedRuns()).extracting(RunRequested::getDueAt)
                .containsExactly(Instant.parse("2026-11-25T07:25:10Z"));
        assertThat(schedulerLog()).contains("Missed 29 schedules, most recent at 2026-11-25T07:25:00Z");
    }

    @Test
    void shouldNotFireAMissedTickOlderThanTenMinutes() {
        start(ScheduleRules.DEFAULT);
        deploy("{\"schedule\":\"0 0 * * * *\"}");

        driver.advanceWallClockTime(Duration.between(START, Instant.parse("2026-11-25T08:15:00Z")));

        assertThat(requestedRuns()).isEmpty();
        assertThat(schedulerLog()).contains("Missed 1 schedules, most recent at 2026-11-25T08:00:00Z");
        driver.advanceWallClockTime(Duration.ofMinutes(45)); // 09:00: on time again
        assertThat(requestedRuns()).extracting(RunRequested::getDueAt)
                .containsExactly(Instant.parse("2026-11-25T09:00:00Z"));
    }

    @Test
    void shouldFireAMissedTickNineMinutesOld() {
        start(ScheduleRules.DEFAULT);
        deploy("{\"schedule\":\"0 0 * * * *\"}");

        driver.advanceWallClockTime(Duration.between(START, Instant.parse("2026-11-25T08:09:00Z")));

        assertThat(requestedRuns()).extracting(RunRequested::getDueAt)
                .containsExactly(Instant.parse("2026-11-25T08:00:00Z"));
        assertThat(schedulerLog()).noneMatch(l -> l.startsWith("Missed"));
    }

    @Test
    void shouldFireAMissedTickExactlyTenMinutesOld() {
        start(ScheduleRules.DEFAULT);
        deploy("{\"schedule\":\"0 0 * * * *\"}");

        driver.advanceWallClockTime(Duration.between(START, Instant.parse("2026-11-25T08:10:00Z")));

        assertThat(requestedRuns()).extracting(RunRequested::getDueAt)
                .containsExactly(Instant.parse("2026-11-25T08:00:00Z"));
        assertThat(schedulerLog()).noneMatch(l -> l.startsWith("Missed"));
    }

    @Test
    void shouldNotFireAMissedTickTenMinutesAndOneSecondOld() {
        start(ScheduleRules.DEFAULT);
        deploy("{\"schedule\":\"0 0 * * * *\"}");

        driver.advanceWallClockTime(Duration.between(START, Instant.parse("2026-11-25T08:10:01Z")));

        assertThat(requestedRuns()).isEmpty();
        assertThat(schedulerLog()).contains("Missed 1 schedules, most recent at 2026-11-25T08:00:00Z");
    }

    @Test
    void shouldFireTheLatestTickOfAPerSecondScheduleThirtyDaysBehindAndSayMoreThanTheCount() {
        start(ScheduleRules.DEFAULT);
        deploy("{\"schedule\":\"* * * * * *\"}");

        driver.advanceWallClockTime(Duration.ofDays(30)); // one punctuation, 2.6 million occurrences behind

        assertThat(requestedRuns()).extracting(RunRequested::getDueAt)
                .containsExactly(Instant.parse("2026-12-25T07:20:13Z"));
        assertThat(schedulerLog()).contains("Missed more than 10000 schedules, most recent at 2026-12-25T07:20:12Z");
    }

    @Test
    void shouldFireNoMissedTickWhenMisfireIsSkip() {
        start(ScheduleRules.DEFAULT);
        deploy("{\"schedule\":\"0 * * * * *\",\"misfire\":\"skip\"}");

        driver.advanceWallClockTime(Duration.ofMinutes(5)); // 07:25:13: the latest, 07:25:00, is 13 s late

        assertThat(requestedRuns()).isEmpty();
        assertThat(schedulerLog()).contains("Missed 5 schedules, most recent at 2026-11-25T07:25:00Z");
    }

    @Test
    void shouldFireAnOnTimeTickWhenMisfireIsSkip() {
        start(ScheduleRules.DEFAULT);
        deploy("{\"schedule\":\"" + EVERY_10_S + "\",\"misfire\":\"skip\"}");

        driver.advanceWallClockTime(Duration.ofSeconds(7)); // 07:20:20: due

        assertThat(requestedRuns()).extracting(RunRequested::getDueAt)
                .containsExactly(Instant.parse("2026-11-25T07:20:20Z"));
        assertThat(schedulerLog()).noneMatch(l -> l.startsWith("Missed"));
    }

    @Test
    void shouldFireOnlyTheLatestTickAfterAHiccupWhenMisfireIsSkip() {
        start(ScheduleRules.DEFAULT);
        deploy("{\"schedule\":\"* * * * * *\",\"misfire\":\"skip\"}");
        driver.advanceWallClockTime(Duration.ofSeconds(1)); // 07:20:14: on time
        String first = requestedRuns().get(0).getRunId();
        reports.pipeInput(JOB, aReportFor(JOB, first, RunStatus.Success, 0, null));

        driver.advanceWallClockTime(Duration.ofSeconds(3)); // 07:20:17: a 3 s hiccup, 15, 16 and 17 pending

        assertThat(requestedRuns()).extracting(RunRequested::getDueAt)
                .containsExactly(Instant.parse("2026-11-25T07:20:17Z"));
        assertThat(schedulerLog()).contains("Missed 2 schedules, most recent at 2026-11-25T07:20:16Z");
    }

    @Test
    void shouldFireUpToTenMissedTicksWhenMisfireIsAll() {
        start(ScheduleRules.DEFAULT);
        deploy("{\"schedule\":\"" + EVERY_10_S + "\",\"misfire\":\"all\",\"concurrency\":\"allow\"}");

        driver.advanceWallClockTime(Duration.ofMinutes(5));

        List<RunRequested> runs = requestedRuns();
        assertThat(runs).hasSize(10);
        assertThat(runs.get(0).getDueAt()).isEqualTo(Instant.parse("2026-11-25T07:23:40Z"));
        assertThat(runs.get(9).getDueAt()).isEqualTo(Instant.parse("2026-11-25T07:25:10Z"));
        assertThat(runs).extracting(RunRequested::getRunId).doesNotHaveDuplicates();
        assertThat(schedulerLog()).contains("Missed 20 schedules, most recent at 2026-11-25T07:23:30Z");
    }

    @Test
    void shouldNotFireWhenSchedulesAreDisabledAndSayWhy() {
        start(new ScheduleRules(true, ZoneOffset.UTC, Duration.ofMillis(20)));
        deploy("{\"schedule\":\"" + EVERY_10_S + "\"}");

        driver.advanceWallClockTime(Duration.ofSeconds(7));

        assertThat(requestedRuns()).isEmpty();
        assertThat(schedulerLog()).contains(
                "Skipped schedule at 2026-11-25T07:20:20Z: schedules are disabled (WEBJOBS_DISABLE_SCHEDULE=1)");
    }

    @Test
    void shouldNotFireAJobWhoseScheduleIsDisabled() {
        start(ScheduleRules.DEFAULT);
        deploy("{\"schedule\":\"" + EVERY_10_S + "\",\"schedule_enabled\":false}");

        driver.advanceWallClockTime(Duration.ofSeconds(7));

        assertThat(requestedRuns()).isEmpty();
        assertThat(schedulerLog()).contains(
                "Skipped schedule at 2026-11-25T07:20:20Z: the job's schedule is disabled (schedule_enabled: false)");
    }

    @Test
    void shouldNotFireAStoppedJobAndApplyTheMissedRuleWhenItStarts() {
        start(ScheduleRules.DEFAULT);
        deploy("{\"schedule\":\"" + EVERY_10_S + "\"}");
        commands.pipeInput(JOB, aStopCommand(JOB));

        driver.advanceWallClockTime(Duration.ofSeconds(7)); // 07:20:20
        driver.advanceWallClockTime(Duration.ofMinutes(5)); // 07:25:20
        assertThat(requestedRuns()).isEmpty();
        assertThat(schedulerLog()).anyMatch(l -> l.startsWith("Schedule paused at 2026-11-25T07:20:20Z: job is stopped"));

        commands.pipeInput(JOB, aStartCommand(JOB));
        driver.advanceWallClockTime(Duration.ofMillis(20));

        assertThat(requestedRuns()).extracting(RunRequested::getDueAt)
                .containsExactly(Instant.parse("2026-11-25T07:25:20Z"));
        assertThat(schedulerLog()).contains("Missed 30 schedules, most recent at 2026-11-25T07:25:10Z");
    }

    @Test
    void shouldMoveTheTimerWhenTheScheduleChangesAndDropItWhenRemoved() {
        start(ScheduleRules.DEFAULT);
        deploy("{\"schedule\":\"0 0 * * * *\"}");
        KeyValueStore<String, String> timers = driver.getKeyValueStore(JobTopology.TIMER_STORE);

        commands.pipeInput(JOB, anUpdateSettingsCommand(JOB, "{\"schedule\":\"" + EVERY_10_S + "\"}"));
        assertThat(timers.approximateNumEntries()).isEqualTo(1);
        driver.advanceWallClockTime(Duration.ofSeconds(7));
        assertThat(requestedRuns()).hasSize(1);

        commands.pipeInput(JOB, anUpdateSettingsCommand(JOB, "{}"));
        driver.advanceWallClockTime(Duration.ofHours(2));
        assertThat(requestedRuns()).isEmpty();
        assertThat(timers.approximateNumEntries()).isZero();
        assertThat(schedulerLog()).contains("Schedule removed");
    }

    @Test
    void shouldEvaluateTheScheduleInTheJobsTimeZone() {
        start(ScheduleRules.DEFAULT);
        deploy("{\"schedule\":\"0 30 8 * * *\",\"time_zone\":\"Europe/Paris\"}"); // 08:30 Paris = 07:30 UTC

        driver.advanceWallClockTime(Duration.between(START, Instant.parse("2026-11-25T07:30:00Z")));

        assertThat(requestedRuns()).extracting(RunRequested::getDueAt)
                .containsExactly(Instant.parse("2026-11-25T07:30:00Z"));
    }

    @Test
    void shouldRejectABadScheduleAtDeployAndAtSettingsNamingTheField() {
        start(ScheduleRules.DEFAULT);
        commands.pipeInput(JOB, aCommand(JOB, new DeployJob(JOB, JobType.triggered, DIGEST, SIZE, ENTRY_POINT,
                "{\"schedule\":\"0 0 0 * * 7\"}")));
        CommandRejected atDeploy = (CommandRejected) events.readValue().getPayload();
        deploy("{}");
        commands.pipeInput(JOB, anUpdateSettingsCommand(JOB, "{\"schedule\":\"0 0 0 L * *\"}"));
        CommandRejected atSettings = (CommandRejected) events.readValue().getPayload();

        assertThat(atDeploy.getCode()).isEqualTo(RejectionCode.INVALID);
        assertThat(atDeploy.getReason()).isEqualTo("Invalid day-of-week field '7': 7 is outside 0-6.");
        assertThat(atSettings.getReason())
                .isEqualTo("Invalid day-of-month field 'L': 'L' is not supported (NCrontab has no ? L W #).");
    }

    private static RunnerReport report(String runner, String runId, RunStatus status) {
        return new RunnerReport("report-" + runner + "-" + runId + "-" + status, runner, JOB, runId, START, status,
                null, null, null);
    }

    private RunStatus runStatus(String runId) {
        return JobRuns.newestFirst(driver.<String, RunSnapshot>getKeyValueStore(JobTopology.RUN_STORE), JOB).stream().filter(r -> r.getRunId().equals(runId)).findFirst().orElseThrow()
                .getStatus();
    }

    private static <T> java.util.stream.Collector<T, ?, T> onlyOne() {
        return java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), list -> {
            assertThat(list).hasSize(1);
            return list.get(0);
        });
    }

    private void start(ScheduleRules scheduleRules) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "webjobs-schedule-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(JobTopology.build(new JobRules(50, 300), scheduleRules), props, START);
        commands = driver.createInputTopic(Topics.COMMANDS.name(), Topics.COMMANDS.keySerde().serializer(),
                Topics.COMMANDS.valueSerde().serializer());
        reports = driver.createInputTopic(Topics.RUNNER_REPORTS.name(), Topics.RUNNER_REPORTS.keySerde().serializer(),
                Topics.RUNNER_REPORTS.valueSerde().serializer());
        events = driver.createOutputTopic(Topics.EVENTS.name(), Topics.EVENTS.keySerde().deserializer(),
                Topics.EVENTS.valueSerde().deserializer());
        runRequests = driver.createOutputTopic(Topics.RUN_REQUESTS.name(),
                Topics.RUN_REQUESTS.keySerde().deserializer(), Topics.RUN_REQUESTS.valueSerde().deserializer());
        logs = driver.createOutputTopic(Topics.LOGS.name(), Topics.LOGS.keySerde().deserializer(),
                Topics.LOGS.valueSerde().deserializer());
        runnerCommands = driver.createOutputTopic(Topics.RUNNER_COMMANDS.name(),
                Topics.RUNNER_COMMANDS.keySerde().deserializer(), Topics.RUNNER_COMMANDS.valueSerde().deserializer());
    }

    private void deploy(String settings) {
        commands.pipeInput(JOB, aCommand(JOB, new DeployJob(JOB, JobType.triggered, DIGEST, SIZE, ENTRY_POINT,
                settings)));
        assertThat(events.readValue().getPayload()).isNotInstanceOf(CommandRejected.class);
    }

    /** The run requests appended to the event log since the last call. */
    private List<RunRequested> requestedRuns() {
        return events.readValuesToList().stream().map(JobEvent::getPayload)
                .filter(RunRequested.class::isInstance).map(RunRequested.class::cast).toList();
    }

    private final java.util.List<String> schedulerLines = new java.util.ArrayList<>();

    private List<String> schedulerLog() {
        logs.readKeyValuesToList().stream().filter(kv -> kv.key.equals(JOB + "/scheduler"))
                .flatMap(kv -> kv.value.getLines().stream()).map(LogLine::getText).forEach(schedulerLines::add);
        return schedulerLines;
    }
}
