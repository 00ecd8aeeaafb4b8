package io.webjobs.orchestrator.domain;

import static io.webjobs.avro.RunStatus.Initializing;
import static io.webjobs.avro.RunStatus.Running;
import static io.webjobs.avro.RunStatus.Success;
import static io.webjobs.orchestrator.domain.Fixtures.DEPLOYED_AT;
import static io.webjobs.orchestrator.domain.Fixtures.DIGEST;
import static io.webjobs.orchestrator.domain.Fixtures.ENTRY_POINT;
import static io.webjobs.orchestrator.domain.Fixtures.JOB;
import static io.webjobs.orchestrator.domain.Fixtures.RUNNER;
import static io.webjobs.orchestrator.domain.Fixtures.SETTINGS;
import static io.webjobs.orchestrator.domain.Fixtures.SIZE;
import static io.webjobs.orchestrator.domain.Fixtures.TRIGGER;
import static io.webjobs.orchestrator.domain.Fixtures.aDeletedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aDeployedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aRedeployedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aRejectedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aRun;
import static io.webjobs.orchestrator.domain.Fixtures.aRunRequestedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aSettingsUpdatedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aStartedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aStatusChangedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aStoppedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aStoppedTriggeredJob;
import static io.webjobs.orchestrator.domain.Fixtures.aTriggeredJob;
import static io.webjobs.orchestrator.domain.Fixtures.aTriggeredJobWith;
import static io.webjobs.orchestrator.domain.Fixtures.anEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobType;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class JobFoldTest {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    private final JobFold fold = new JobFold(new JobRules(3, 120));

    @Test
    void shouldCreateTheJobOnDeploy() {
        Job job = fold.apply(null, aDeployedEvent(JOB, T0));

        assertThat(job).isEqualTo(new Job(JOB, JobType.triggered, DIGEST, SIZE, ENTRY_POINT, SETTINGS, false, T0,
                List.of()));
    }

    @Test
    void shouldKeepRunsAndTheStoppedFlagOnRedeploy() {
        Job before = aStoppedTriggeredJob().withRuns(List.of(aRun("2", Success), aRun("1", Success)));

        Job after = fold.apply(before, aRedeployedEvent(JOB, "sha256:new", T0));

        assertThat(after.artifactDigest()).isEqualTo("sha256:new");
        assertThat(after.entryPoint()).isEqualTo("main.py");
        assertThat(after.deployedAt()).isEqualTo(T0);
        assertThat(after.stopped()).isTrue();
        assertThat(after.runs()).isEqualTo(before.runs());
    }

    @Test
    void shouldForgetTheJobOnDelete() {
        assertThat(fold.apply(aTriggeredJobWith(aRun("1", Success)), aDeletedEvent())).isNull();
    }

    @Test
    void shouldAddARequestedRunAsInitializingNewestFirst() {
        Job job = fold.applyAll(aTriggeredJob(), List.of(
                aRunRequestedEvent("1", T0),
                aStatusChangedEvent("1", Success, T0.plusSeconds(5)),
                aRunRequestedEvent("2", T0.plusSeconds(60))));

        assertThat(job.runs()).extracting(Run::runId).containsExactly("2", "1");
        assertThat(job.latestRun()).contains(
                new Run("2", Initializing, TRIGGER, "--full", T0.plusSeconds(60), null, null, null, null));
    }

    @Test
    void shouldRecordAStatusChangeWithoutEndTimeWhileTheRunIsNotFinal() {
        Job job = fold.applyAll(aTriggeredJob(), List.of(
                aRunRequestedEvent("1", T0),
                aStatusChangedEvent("1", Running, null, null, RUNNER, T0.plusSeconds(1))));

        assertThat(job.run("1")).hasValueSatisfying(run -> {
            assertThat(run.status()).isEqualTo(Running);
            assertThat(run.runnerId()).isEqualTo(RUNNER);
            assertThat(run.startTime()).isEqualTo(T0);
            assertThat(run.endTime()).isNull();
            assertThat(run.exitCode()).isNull();
        });
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = {"Success", "Failed", "Aborted"})
    void shouldSetEndTimeExitCodeAndReasonOnAFinalStatus(RunStatus finalStatus) {
        Instant end = T0.plus(Duration.ofMinutes(3));

        Job job = fold.applyAll(aTriggeredJob(), List.of(
                aRunRequestedEvent("1", T0),
                aStatusChangedEvent("1", Running, null, null, RUNNER, T0.plusSeconds(1)),
                aStatusChangedEvent("1", finalStatus, 7, "the reason", "runner-2", end)));

        assertThat(job.run("1")).contains(
                new Run("1", finalStatus, TRIGGER, "--full", T0, end, 7, "the reason", "runner-2"));
        assertThat(job.activeRun()).isEmpty();
    }

    @Test
    void shouldKeepTheKnownRunnerWhenAChangeOmitsIt() {
        Job job = fold.applyAll(aTriggeredJob(), List.of(
                aRunRequestedEvent("1", T0),
                aStatusChangedEvent("1", Running, null, null, RUNNER, T0.plusSeconds(1)),
                aStatusChangedEvent("1", Success, 0, null, null, T0.plusSeconds(2))));

        assertThat(job.run("1")).hasValueSatisfying(run -> {
            assertThat(run.runnerId()).isEqualTo(RUNNER);
            assertThat(run.exitCode()).isZero();
        });
    }

    @Test
    void shouldChangeOnlyTheNamedRun() {
        Job before = aTriggeredJobWith(aRun("2", Initializing), aRun("1", Success));

        Job after = fold.apply(before, aStatusChangedEvent("2", Running, T0));

        assertThat(after.runs()).extracting(Run::status).containsExactly(Running, Success);
        assertThat(after.run("1")).isEqualTo(before.run("1"));
    }

    @Test
    void shouldCapTheHistoryAtTheHistorySizeKeepingTheNewest() {
        Job job = aTriggeredJob();
        for (int i = 1; i <= 5; i++) {
            Instant at = T0.plusSeconds(i * 60L);
            job = fold.applyAll(job, List.of(aRunRequestedEvent(Integer.toString(i), at),
                    aStatusChangedEvent(Integer.toString(i), Success, at.plusSeconds(1))));
        }

        assertThat(job.runs()).extracting(Run::runId).containsExactly("5", "4", "3");
    }

    @Test
    void shouldKeepASingleRunWhenTheHistorySizeIsOne() {
        JobFold tiny = new JobFold(new JobRules(1, 120));

        Job job = tiny.applyAll(aTriggeredJob(), List.of(aRunRequestedEvent("1", T0),
                aStatusChangedEvent("1", Success, T0), aRunRequestedEvent("2", T0.plusSeconds(1))));

        assertThat(job.runs()).extracting(Run::runId).containsExactly("2");
    }

    @Test
    void shouldPruneToTheHistorySizeRecordedWithTheRequestWhateverTheFoldsOwnRule() {
        Job job = aTriggeredJob();
        for (int i = 1; i <= 4; i++) {
            job = fold.applyAll(job, List.of(aRunRequestedEvent(Integer.toString(i), T0.plusSeconds(i)),
                    aStatusChangedEvent(Integer.toString(i), Success, T0.plusSeconds(i))));
        }
        RunRequested recorded = new RunRequested("5", null, TRIGGER, null, 2);

        Job replayedWithAnotherRule = new JobFold(new JobRules(50, 120)).apply(job, anEvent(T0.plusSeconds(5), recorded));

        assertThat(replayedWithAnotherRule.runs()).extracting(Run::runId).containsExactly("5", "4");
    }

    @Test
    void shouldKeepUnfinishedRunsPastTheHistorySizeUntilTheyFinish() {
        Job job = aTriggeredJob();
        for (int i = 1; i <= 5; i++) {
            job = fold.apply(job, aRunRequestedEvent(Integer.toString(i), T0.plusSeconds(i)));
        }
        job = fold.applyAll(job, List.of(aStatusChangedEvent("1", Success, T0.plusSeconds(6)),
                aStatusChangedEvent("4", Success, T0.plusSeconds(6))));

        assertThat(job.runs()).extracting(Run::runId).containsExactly("5", "4", "3", "2", "1");
        assertThat(job.run("1").orElseThrow().status()).isEqualTo(Success);

        Job next = fold.apply(job, aRunRequestedEvent("6", T0.plusSeconds(7)));

        assertThat(next.runs()).extracting(Run::runId).containsExactly("6", "5", "4", "3", "2");
    }

    @Test
    void shouldStopAndStartTheJob() {
        Job stopped = fold.apply(aTriggeredJob(), aStoppedEvent());
        Job started = fold.apply(stopped, aStartedEvent());

        assertThat(stopped.stopped()).isTrue();
        assertThat(started.stopped()).isFalse();
        assertThat(started).isEqualTo(aTriggeredJob());
    }

    @Test
    void shouldUpdateTheSettings() {
        Job job = fold.apply(aTriggeredJob(), aSettingsUpdatedEvent("{\"is_singleton\":true}"));

        assertThat(job.settingsJson()).isEqualTo("{\"is_singleton\":true}");
        assertThat(job.deployedAt()).isEqualTo(DEPLOYED_AT);
    }

    @Test
    void shouldChangeNothingOnARejectedCommand() {
        Job job = aTriggeredJobWith(aRun("1", Running));

        assertThat(fold.apply(job, aRejectedEvent())).isSameAs(job);
    }

    static Stream<JobEvent> everyEventButDeploy() {
        return Stream.of(aDeletedEvent(), aRunRequestedEvent("1", T0), aStatusChangedEvent("1", Running, T0),
                aRejectedEvent(), aSettingsUpdatedEvent("{}"), aStoppedEvent(), aStartedEvent());
    }

    @ParameterizedTest
    @MethodSource("everyEventButDeploy")
    void shouldLeaveAnUnknownJobUnknown(JobEvent event) {
        assertThat(fold.apply(null, event)).isNull();
    }

    @Test
    void shouldStartAFreshJobWhenDeployedAgainAfterDelete() {
        Job job = fold.applyAll(aTriggeredJobWith(aRun("1", Success)), List.of(aDeletedEvent(),
                aDeployedEvent(JOB, T0)));

        assertThat(job.runs()).isEmpty();
        assertThat(job.deployedAt()).isEqualTo(T0);
    }
}
