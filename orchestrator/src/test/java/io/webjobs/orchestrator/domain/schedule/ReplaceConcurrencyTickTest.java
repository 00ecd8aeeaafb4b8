package io.webjobs.orchestrator.domain.schedule;

import static io.webjobs.orchestrator.domain.Fixtures.DEPLOYED_AT;
import static io.webjobs.orchestrator.domain.Fixtures.DIGEST;
import static io.webjobs.orchestrator.domain.Fixtures.ENTRY_POINT;
import static io.webjobs.orchestrator.domain.Fixtures.JOB;
import static io.webjobs.orchestrator.domain.Fixtures.RUNNER;
import static io.webjobs.orchestrator.domain.Fixtures.SIZE;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobType;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunStatusChanged;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.JobFold;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.domain.Run;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Concurrency {@code replace}: a due tick that finds the job running aborts the run, then requests its own. */
class ReplaceConcurrencyTickTest {

    private static final String REPLACE = "{\"schedule\":\"0 0 * * * *\",\"concurrency\":\"replace\"}";
    private static final Instant DUE = Instant.parse("2026-11-25T08:00:00Z");
    private static final Instant NOW = DUE.plusMillis(5);
    private static final String OLD_RUN = "202611250700000000";

    private final JobFold fold = new JobFold(JobRules.DEFAULT);
    private final ScheduledTicks ticks = new ScheduledTicks(fold, ScheduleRules.DEFAULT);

    @Test
    void shouldAbortTheRunningRunWithTheReasonThenRequestTheScheduledRun() {
        Job job = job(REPLACE, run(OLD_RUN, RunStatus.Running, RUNNER));

        ScheduledTicks.Outcome outcome = ticks.tick(job, DUE, NOW);

        assertThat(outcome.events()).extracting(JobEvent::getPayload).hasSize(2);
        RunStatusChanged aborted = (RunStatusChanged) outcome.events().get(0).getPayload();
        assertThat(aborted.getRunId()).isEqualTo(OLD_RUN);
        assertThat(aborted.getStatus()).isEqualTo(RunStatus.Aborted);
        assertThat(aborted.getReason()).isEqualTo("Replaced by the schedule at 2026-11-25T08:00:00Z");
        RunRequested requested = (RunRequested) outcome.events().get(1).getPayload();
        assertThat(requested.getTrigger()).isEqualTo("Schedule - 0 0 * * * *");
        assertThat(requested.getDueAt()).isEqualTo(DUE);

        Job after = fold.applyAll(job, outcome.events());
        assertThat(after.run(OLD_RUN).orElseThrow()).satisfies(r -> {
            assertThat(r.status()).isEqualTo(RunStatus.Aborted);
            assertThat(r.runnerId()).as("the runner that holds it, to be told to stop it").isEqualTo(RUNNER);
            assertThat(r.endTime()).isNotNull();
        });
        assertThat(after.activeRun()).map(Run::runId).contains(requested.getRunId());
        assertThat(outcome.log()).containsExactly(
                "Run " + OLD_RUN + " (Running) aborted: Replaced by the schedule at 2026-11-25T08:00:00Z; runner "
                        + RUNNER + " is told to stop it",
                "Run " + requested.getRunId() + " requested for the schedule at 2026-11-25T08:00:00Z; next at "
                        + "2026-11-25T09:00:00Z");
    }

    @Test
    void shouldAbortARunNoRunnerHasTakenYetAndSaySo() {
        Job job = job(REPLACE, run(OLD_RUN, RunStatus.Initializing, null));

        ScheduledTicks.Outcome outcome = ticks.tick(job, DUE, NOW);

        Job after = fold.applyAll(job, outcome.events());
        assertThat(after.run(OLD_RUN).orElseThrow().status()).isEqualTo(RunStatus.Aborted);
        assertThat(after.activeRun()).isPresent().get().extracting(Run::runId).isNotEqualTo(OLD_RUN);
        assertThat(outcome.log().get(0)).isEqualTo("Run " + OLD_RUN + " (Initializing) aborted: Replaced by the "
                + "schedule at 2026-11-25T08:00:00Z; no runner has taken it yet; one that does is told to stop it");
    }

    @Test
    void shouldReplaceEveryUnfinishedRunLeftByAnEarlierAllow() {
        Job job = job(REPLACE, run("202611250730000000", RunStatus.Running, "runner-2"),
                run(OLD_RUN, RunStatus.Running, RUNNER));

        ScheduledTicks.Outcome outcome = ticks.tick(job, DUE, NOW);

        Job after = fold.applyAll(job, outcome.events());
        assertThat(after.runs()).extracting(Run::status)
                .containsExactly(RunStatus.Initializing, RunStatus.Aborted, RunStatus.Aborted);
    }

    @Test
    void shouldOnlyRequestTheRunWhenNothingRuns() {
        Job job = job(REPLACE, run(OLD_RUN, RunStatus.Success, RUNNER));

        ScheduledTicks.Outcome outcome = ticks.tick(job, DUE, NOW);

        assertThat(outcome.events()).extracting(JobEvent::getPayload).singleElement().isInstanceOf(RunRequested.class);
    }

    @Test
    void shouldGiveTheSameEventIdsWhenATickIsReplayed() {
        Job job = job(REPLACE, run(OLD_RUN, RunStatus.Running, RUNNER));

        List<String> first = ticks.tick(job, DUE, NOW).events().stream().map(JobEvent::getEventId).toList();
        List<String> again = ticks.tick(job, DUE, NOW).events().stream().map(JobEvent::getEventId).toList();

        assertThat(again).isEqualTo(first).doesNotHaveDuplicates();
    }

    @Test
    void shouldStillSkipATickWhileTheJobRunsUnderForbid() {
        Job job = job("{\"schedule\":\"0 0 * * * *\"}", run(OLD_RUN, RunStatus.Running, RUNNER));

        ScheduledTicks.Outcome outcome = ticks.tick(job, DUE, NOW);

        assertThat(outcome.events()).isEmpty();
        assertThat(outcome.log()).singleElement().asString().contains("already running").contains("forbid");
    }

    private static Job job(String settings, Run... newestFirst) {
        return new Job(JOB, JobType.triggered, DIGEST, SIZE, ENTRY_POINT, settings, false, DEPLOYED_AT,
                List.of(newestFirst));
    }

    private static Run run(String runId, RunStatus status, String runnerId) {
        return new Run(runId, status, "Schedule - 0 0 * * * *", null, Instant.parse("2026-11-25T07:00:00Z"), null,
                null, null, runnerId);
    }
}
