package io.webjobs.orchestrator.domain;

import static io.webjobs.orchestrator.domain.Fixtures.NOW_IN_MILLIS;
import static io.webjobs.orchestrator.domain.Fixtures.aRun;
import static io.webjobs.orchestrator.domain.Fixtures.aRunRequestedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aStatusChangedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aTriggeredJobWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.RunStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runs a store writes and deletes after an event are exactly those the event changed. */
class ChangedRunsTest {

    private final JobFold fold = new JobFold(new JobRules(2, 120));
    private final Run queued = aRun("20260101000000030", RunStatus.Initializing);
    private final Run running = aRun("20260101000000020", RunStatus.Running);
    private final Run done = aRun("20260101000000010", RunStatus.Success);

    @Test
    void shouldWriteTheRunAReportChanged() {
        Job before = aTriggeredJobWith(queued, running, done);
        Job after = fold.apply(before, aStatusChangedEvent(running.runId(), RunStatus.Success, NOW_IN_MILLIS));

        ChangedRuns changes = ChangedRuns.between(before.runs(), after.runs());

        assertThat(changes.written()).singleElement().satisfies(run -> {
            assertThat(run.runId()).isEqualTo(running.runId());
            assertThat(run.status()).isEqualTo(RunStatus.Success);
        });
        assertThat(changes.removed()).isEmpty();
    }

    @Test
    void shouldWriteARequestedRunAndRemoveTheFinishedOnesItPruned() {
        Run ended = aRun("20260101000000025", RunStatus.Success);
        Run older = aRun("20260101000000005", RunStatus.Failed);
        Job before = aTriggeredJobWith(queued, ended, running, older);

        // past the size of 2 only finished runs go, wherever they are: the running one keeps its place
        Job after = fold.apply(before, aRunRequestedEvent("20260101000000040", NOW_IN_MILLIS));
        ChangedRuns changes = ChangedRuns.between(before.runs(), after.runs());

        assertThat(after.runs()).extracting(Run::runId)
                .containsExactly("20260101000000040", queued.runId(), running.runId());
        assertThat(changes.written()).extracting(Run::runId).containsExactly("20260101000000040");
        assertThat(changes.removed()).containsExactly(ended.runId(), older.runId());
    }

    @Test
    void shouldWriteARequestedRunWithinTheSizeAlone() {
        Job before = aTriggeredJobWith(done);
        Job after = fold.apply(before, aRunRequestedEvent("20260101000000040", NOW_IN_MILLIS));

        ChangedRuns changes = ChangedRuns.between(before.runs(), after.runs());

        assertThat(changes.written()).extracting(Run::runId).containsExactly("20260101000000040");
        assertThat(changes.removed()).isEmpty();
    }

    @Test
    void shouldCompareAnyOtherShapeById() {
        Run changedFirst = aRun(queued.runId(), RunStatus.Running);
        Run copyOfDone = aRun(done.runId(), RunStatus.Success);

        // the first run changed and the last one went: not a run put in front
        assertThat(ChangedRuns.between(List.of(queued, running, done), List.of(changedFirst, running)))
                .isEqualTo(new ChangedRuns(List.of(changedFirst), List.of(done.runId())));
        // reordered, and an equal copy of a run counts as written
        assertThat(ChangedRuns.between(List.of(running, done), List.of(copyOfDone, running)))
                .isEqualTo(new ChangedRuns(List.of(copyOfDone), List.of()));
        assertThat(ChangedRuns.between(List.of(running, done), List.of()))
                .isEqualTo(new ChangedRuns(List.of(), List.of(running.runId(), done.runId())));
    }

    @Test
    void shouldFindNothingInTheSameRuns() {
        List<Run> runs = List.of(queued, running);

        assertThat(ChangedRuns.between(runs, runs)).isEqualTo(new ChangedRuns(List.of(), List.of()));
        assertThat(ChangedRuns.between(runs, List.copyOf(runs))).isEqualTo(new ChangedRuns(List.of(), List.of()));
    }
}
