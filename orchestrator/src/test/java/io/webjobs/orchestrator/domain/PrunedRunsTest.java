package io.webjobs.orchestrator.domain;

import static io.webjobs.orchestrator.domain.Fixtures.aRunRequestedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aStatusChangedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aTriggeredJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.RunStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrunedRunsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    private final JobFold fold = new JobFold(new JobRules(2, 120));

    @Test
    void shouldNameTheFinishedRunThatANewRunPushedOutOfTheHistory() {
        Job two = fold.applyAll(aTriggeredJob(), List.of(aRunRequestedEvent("1", T0),
                aStatusChangedEvent("1", RunStatus.Success, T0), aRunRequestedEvent("2", T0)));
        Job three = fold.apply(two, aRunRequestedEvent("3", T0.plusSeconds(1)));

        assertThat(PrunedRuns.of(two, three)).containsExactly("1");
    }

    @Test
    void shouldNameNoRunThatIsStillUnfinished() {
        Job two = fold.apply(fold.apply(aTriggeredJob(), aRunRequestedEvent("1", T0)), aRunRequestedEvent("2", T0));
        Job three = fold.apply(two, aRunRequestedEvent("3", T0.plusSeconds(1)));

        assertThat(PrunedRuns.of(two, three)).isEmpty();
    }

    @Test
    void shouldNameNothingForAStatusChange() {
        Job two = fold.apply(fold.apply(aTriggeredJob(), aRunRequestedEvent("1", T0)), aRunRequestedEvent("2", T0));
        Job changed = fold.apply(two, aStatusChangedEvent("1", RunStatus.Success, T0.plusSeconds(1)));

        assertThat(PrunedRuns.of(two, changed)).isEmpty();
    }

    @Test
    void shouldNameTheRunReplacedAtTheSameHistorySize() {
        Job full = fold.applyAll(aTriggeredJob(), List.of(aRunRequestedEvent("1", T0),
                aStatusChangedEvent("1", RunStatus.Success, T0), aRunRequestedEvent("2", T0),
                aStatusChangedEvent("2", RunStatus.Success, T0)));
        Job next = fold.apply(full, aRunRequestedEvent("3", T0.plusSeconds(1)));

        assertThat(next.runs()).hasSize(2);
        assertThat(PrunedRuns.of(full, next)).containsExactly("1");
    }

    @Test
    void shouldNameNothingWhileTheHistoryHasRoom() {
        Job one = fold.apply(aTriggeredJob(), aRunRequestedEvent("1", T0));

        assertThat(PrunedRuns.of(aTriggeredJob(), one)).isEmpty();
        assertThat(PrunedRuns.of(null, one)).isEmpty();
    }

    @Test
    void shouldNameEveryRunOfADeletedJob() {
        Job two = fold.apply(fold.apply(aTriggeredJob(), aRunRequestedEvent("1", T0)), aRunRequestedEvent("2", T0));

        assertThat(PrunedRuns.of(two, null)).containsExactlyInAnyOrder("1", "2");
    }
}
