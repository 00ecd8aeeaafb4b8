package io.webjobs.orchestrator.domain;

import static io.webjobs.orchestrator.domain.Fixtures.NOW;
import static io.webjobs.orchestrator.domain.Fixtures.aRunCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aStartCommand;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RejectionCode;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** App settings: WEBJOBS_STOPPED as Kudu reads it, the checks of names and values, the rules and environment in force. */
class AppSettingsTest {

    @Test
    void shouldReadOneAndTrueAsStopped() {
        assertThat(new AppSettings(Map.of("WEBJOBS_STOPPED", "1")).webJobsStopped()).isTrue();
        assertThat(new AppSettings(Map.of("WEBJOBS_STOPPED", "True")).webJobsStopped()).isTrue();
        assertThat(new AppSettings(Map.of("WEBJOBS_STOPPED", "0")).webJobsStopped()).isFalse();
        assertThat(AppSettings.NONE.webJobsStopped()).isFalse();
    }

    @Test
    void shouldRefuseTriggeredRunsWithKudusMessageWhileStopped() {
        AppSettings stopped = new AppSettings(Map.of("WEBJOBS_STOPPED", "1"));

        assertThat(stopped.refusal(aRunCommand(Fixtures.JOB), NOW).orElseThrow()).singleElement()
                .extracting(JobEvent::getPayload).isInstanceOfSatisfying(CommandRejected.class, r -> {
                    assertThat(r.getCode()).isEqualTo(RejectionCode.STOPPED);
                    assertThat(r.getReason()).isEqualTo("WebJobs are currently in \"stopped\" state.");
                });
        assertThat(stopped.refusal(aStartCommand(Fixtures.JOB), NOW)).isEmpty();
        assertThat(AppSettings.NONE.refusal(aRunCommand(Fixtures.JOB), NOW)).isEmpty();
    }

    @Test
    void shouldRefuseNamesThatAreNotEnvironmentVariableNames() {
        assertThat(AppSettings.problem("MY_SETTING", "x")).isEmpty();
        assertThat(AppSettings.problem("_private2", "x")).isEmpty();
        assertThat(AppSettings.problem("2FAST", "x")).get().asString().contains("not a valid environment variable name");
        assertThat(AppSettings.problem("MY-SETTING", "x")).isPresent();
        assertThat(AppSettings.problem("A B", null)).isPresent();
        assertThat(AppSettings.problem("", "x")).isPresent();
    }

    @Test
    void shouldRefuseTheNamesTheRunnerSetsForEachRun() {
        assertThat(AppSettings.problem("WEBJOBS_RUN_ID", "1")).get().asString().contains("reserved");
        assertThat(AppSettings.problem("webjobs_name", "x")).get().asString().contains("reserved");
    }

    @Test
    void shouldCheckTheValuesOfTheBuiltInSettings() {
        assertThat(AppSettings.problem("WEBJOBS_DISABLE_SCHEDULE", "true")).isEmpty();
        assertThat(AppSettings.problem("WEBJOBS_DISABLE_SCHEDULE", "0")).isEmpty();
        assertThat(AppSettings.problem("WEBJOBS_DISABLE_SCHEDULE", "yes")).get().asString().contains("must be 1, true, 0 or false");
        assertThat(AppSettings.problem("WEBSITE_TIME_ZONE", "Europe/Paris")).isEmpty();
        assertThat(AppSettings.problem("WEBSITE_TIME_ZONE", "Mars/Olympus")).get().asString().contains("IANA time zone");
        assertThat(AppSettings.problem("WEBJOBS_HISTORY_SIZE", "10")).isEmpty();
        assertThat(AppSettings.problem("WEBJOBS_HISTORY_SIZE", "0")).get().asString().contains("positive whole number");
        assertThat(AppSettings.problem("WEBJOBS_IDLE_TIMEOUT", "-5")).isPresent();
        assertThat(AppSettings.problem("WEBJOBS_HISTORY_SIZE", "2000000000")).as("would stall the topology")
                .get().asString().contains("at most 10000");
        assertThat(new AppSettings(Map.of("WEBJOBS_HISTORY_SIZE", "2000000000")).jobRules(JobRules.DEFAULT))
                .as("written around the API").isEqualTo(JobRules.DEFAULT);
        assertThat(AppSettings.problem("WEBJOBS_IDLE_TIMEOUT", "ten")).isPresent();
        assertThat(AppSettings.problem("WEBJOBS_IDLE_TIMEOUT", null)).as("removal").isEmpty();
        assertThat(AppSettings.problem("ANY", "a\0b")).isPresent();
    }

    @Test
    void shouldOverrideTheStartUpRulesWithTheSettingsInForce() {
        AppSettings app = new AppSettings(Map.of("WEBJOBS_DISABLE_SCHEDULE", "1", "WEBSITE_TIME_ZONE", "Europe/Paris",
                "WEBJOBS_HISTORY_SIZE", "3", "WEBJOBS_IDLE_TIMEOUT", "600"));

        ScheduleRules schedule = app.scheduleRules(ScheduleRules.DEFAULT);
        JobRules jobs = app.jobRules(new JobRules(50, 120));

        assertThat(schedule.disabled()).isTrue();
        assertThat(schedule.defaultZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(schedule.tickEvery()).isEqualTo(ScheduleRules.DEFAULT.tickEvery());
        assertThat(jobs).isEqualTo(new JobRules(3, 600));
    }

    @Test
    void shouldKeepTheStartUpRulesWhenASettingIsAbsentOrInvalid() {
        ScheduleRules startUp = new ScheduleRules(true, ZoneId.of("Asia/Tokyo"), ScheduleRules.DEFAULT.tickEvery());
        AppSettings invalid = new AppSettings(Map.of("WEBJOBS_DISABLE_SCHEDULE", "maybe", "WEBSITE_TIME_ZONE", "Nowhere",
                "WEBJOBS_HISTORY_SIZE", "-1"));

        assertThat(AppSettings.NONE.scheduleRules(startUp)).isEqualTo(startUp);
        assertThat(invalid.scheduleRules(startUp)).isEqualTo(startUp);
        assertThat(invalid.jobRules(new JobRules(7, 30))).isEqualTo(new JobRules(7, 30));
        assertThat(new AppSettings(Map.of("WEBJOBS_DISABLE_SCHEDULE", "0")).scheduleRules(startUp).disabled()).isFalse();
    }

    @Test
    void shouldGiveEverySettingToJobProcessesAsEnvironment() {
        AppSettings app = new AppSettings(Map.of("GREETING", "hello", "WEBSITE_TIME_ZONE", "UTC", "bad-name", "x"));

        assertThat(app.environment()).containsExactlyInAnyOrderEntriesOf(
                Map.of("GREETING", "hello", "WEBSITE_TIME_ZONE", "UTC"));
    }

    @Test
    void shouldShowTheBuiltInSettingsInForceThenTheOthers() {
        AppSettings app = new AppSettings(Map.of("GREETING", "hello", "WEBJOBS_HISTORY_SIZE", "5"));

        assertThat(app.effective(ScheduleRules.DEFAULT, new JobRules(50, 120))).containsExactly(
                Map.entry("WEBJOBS_STOPPED", "0"), Map.entry("WEBJOBS_DISABLE_SCHEDULE", "0"),
                Map.entry("WEBSITE_TIME_ZONE", "UTC"), Map.entry("WEBJOBS_HISTORY_SIZE", "5"),
                Map.entry("WEBJOBS_IDLE_TIMEOUT", "120"), Map.entry("GREETING", "hello"));
    }
}
