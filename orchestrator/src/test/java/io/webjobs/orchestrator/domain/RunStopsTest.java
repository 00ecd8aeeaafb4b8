package io.webjobs.orchestrator.domain;

import static io.webjobs.orchestrator.domain.Fixtures.NOW;
import static io.webjobs.orchestrator.domain.Fixtures.RUNNER;
import static io.webjobs.orchestrator.domain.Fixtures.aContinuousJob;
import static io.webjobs.orchestrator.domain.Fixtures.aDeletedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aReport;
import static io.webjobs.orchestrator.domain.Fixtures.aStatusChangedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aTriggeredJobWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.InstanceAction;
import io.webjobs.avro.InstanceCommand;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunStatusChanged;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A triggered run the orchestrator ends must stop on its runner, however late that runner shows up. */
class RunStopsTest {

    private static final String RUN = "202611250700000000";
    private static final String REASON = "Replaced by the schedule at 2026-11-25T08:00:00Z";

    @Test
    void shouldTellTheRunnerHoldingTheRunToStopItGracefullyWhenTheScheduleReplacesIt() {
        Job job = withWait(aTriggeredJobWith(Fixtures.aRun(RUN, RunStatus.Running)), 2);

        InstanceCommand stop = single(RunStops.of(job, abortedBy("scheduler"), NOW));

        assertThat(stop.getRunnerId()).isEqualTo(RUNNER);
        assertThat(stop.getRunId()).isEqualTo(RUN);
        assertThat(stop.getLaunchId()).isEqualTo(RUN);
        assertThat(stop.getAction()).isEqualTo(InstanceAction.stop);
        assertThat(stop.getStoppingWaitSeconds()).isEqualTo(2);
        assertThat(stop.getReason()).isEqualTo(REASON);
        assertThat(stop.getJobName()).isEqualTo(Fixtures.JOB);
    }

    @Test
    void shouldTellARunnerThatWasDeclaredLostToStopTheRunIfItComesBack() {
        Job job = aTriggeredJobWith(Fixtures.aRun(RUN, RunStatus.Running));

        assertThat(RunStops.of(job, abortedBy("orchestrator"), NOW)).extracting(InstanceCommand::getRunnerId)
                .containsExactly(RUNNER);
    }

    @Test
    void shouldNotEchoAnAbortTheRunnerReportedItself() {
        Job job = aTriggeredJobWith(Fixtures.aRun(RUN, RunStatus.Running));

        assertThat(RunStops.of(job, abortedBy(RUNNER), NOW)).isEmpty();
    }

    @Test
    void shouldWaitForTheRunnerOfARunNoRunnerHasTakenYet() {
        Run initializing = new Run(RUN, RunStatus.Initializing, "Schedule - * * * * * *", null, NOW, null, null, null,
                null);

        assertThat(RunStops.of(aTriggeredJobWith(initializing), abortedBy("scheduler"), NOW)).isEmpty();
    }

    @Test
    void shouldSendNothingForOtherOutcomes() {
        Job job = aTriggeredJobWith(Fixtures.aRun(RUN, RunStatus.Running));

        assertThat(RunStops.of(job, aStatusChangedEvent(RUN, RunStatus.Success, NOW), NOW)).isEmpty();
        assertThat(RunStops.of(aTriggeredJobWith(Fixtures.aRun(RUN, RunStatus.Success)), abortedBy("scheduler"), NOW))
                .isEmpty();
    }

    @Test
    void shouldStopTheUnfinishedRunsOfADeletedJob() {
        Job job = aTriggeredJobWith(Fixtures.aRun("202611250800000000", RunStatus.Running),
                Fixtures.aRun(RUN, RunStatus.Success));

        assertThat(RunStops.of(job, aDeletedEvent(), NOW)).singleElement().satisfies(stop -> {
            assertThat(stop.getRunId()).isEqualTo("202611250800000000");
            assertThat(stop.getRunnerId()).isEqualTo(RUNNER);
            assertThat(stop.getReason()).isEqualTo("Job deleted");
        });
    }

    @Test
    void shouldTellARunnerThatStartsARunAlreadyAbortedToStopIt() {
        Job job = aTriggeredJobWith(new Run(RUN, RunStatus.Aborted, "Schedule - * * * * * *", null, NOW,
                NOW.plusSeconds(1), null, REASON, null));

        InstanceCommand stop = RunStops.ofReport(job, aReport(RUN, RunStatus.Running), NOW).orElseThrow();

        assertThat(stop.getRunnerId()).isEqualTo(RUNNER);
        assertThat(stop.getRunId()).isEqualTo(RUN);
        assertThat(stop.getReason()).isEqualTo(REASON);
        assertThat(stop.getStoppingWaitSeconds()).isEqualTo(JobSettings.DEFAULT_STOPPING_WAIT_SECONDS);
    }

    @Test
    void shouldLeaveALiveRunAndAFinalReportAlone() {
        Job running = aTriggeredJobWith(Fixtures.aRun(RUN, RunStatus.Running));
        Job aborted = aTriggeredJobWith(Fixtures.aRun(RUN, RunStatus.Aborted));

        assertThat(RunStops.ofReport(running, aReport(RUN, RunStatus.Running), NOW)).isEmpty();
        assertThat(RunStops.ofReport(aborted, aReport(RUN, RunStatus.Aborted), NOW)).isEmpty();
        assertThat(RunStops.ofReport(aborted, aReport("202611250000000000", RunStatus.Running), NOW)).isEmpty();
        assertThat(RunStops.ofReport(aContinuousJob(), aReport(RUN, RunStatus.Running), NOW)).isEmpty();
        assertThat(RunStops.ofReport(null, aReport(RUN, RunStatus.Running), NOW)).isEmpty();
    }

    private static JobEvent abortedBy(String actor) {
        return new JobEvent("cmd/replaced/0", Fixtures.JOB, Instant.parse("2026-11-25T08:00:00Z"), "cmd", actor,
                new RunStatusChanged(RUN, RunStatus.Aborted, null, REASON, null), null);
    }

    private static Job withWait(Job job, int seconds) {
        return job.withSettings("{\"stopping_wait_time\":" + seconds + "}");
    }

    private static InstanceCommand single(java.util.List<InstanceCommand> commands) {
        assertThat(commands).hasSize(1);
        return commands.get(0);
    }
}
