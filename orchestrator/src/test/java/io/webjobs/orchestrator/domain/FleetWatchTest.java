package io.webjobs.orchestrator.domain;

import static io.webjobs.orchestrator.domain.Fixtures.aContinuousJob;
import static io.webjobs.orchestrator.domain.Fixtures.aRun;
import static io.webjobs.orchestrator.domain.Fixtures.aTriggeredJob;
import static io.webjobs.orchestrator.domain.Fixtures.aTriggeredJobWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.RunStatus;
import org.junit.jupiter.api.Test;

/** Which jobs the fleet tick looks at: it must see every job a lost runner can affect, and skip idle ones. */
class FleetWatchTest {

    @Test
    void shouldWatchEveryContinuousJob() {
        assertThat(ContinuousDecisions.watches(aContinuousJob())).isTrue();
    }

    @Test
    void shouldWatchATriggeredJobWithAnUnfinishedRun() {
        assertThat(ContinuousDecisions.watches(aTriggeredJobWith(aRun("2", RunStatus.Initializing)))).isTrue();
        assertThat(ContinuousDecisions.watches(aTriggeredJobWith(aRun("2", RunStatus.Running)))).isTrue();
        assertThat(ContinuousDecisions.watches(aTriggeredJobWith(aRun("3", RunStatus.Success),
                aRun("2", RunStatus.Running)))).as("an older run still going (concurrency allow)").isTrue();
    }

    @Test
    void shouldSkipIdleTriggeredJobsAndDeletedOnes() {
        assertThat(ContinuousDecisions.watches(aTriggeredJob())).isFalse();
        assertThat(ContinuousDecisions.watches(aTriggeredJobWith(aRun("2", RunStatus.Success),
                aRun("1", RunStatus.Aborted)))).isFalse();
        assertThat(ContinuousDecisions.watches(null)).isFalse();
    }
}
