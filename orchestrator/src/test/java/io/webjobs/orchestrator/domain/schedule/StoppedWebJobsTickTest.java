package io.webjobs.orchestrator.domain.schedule;

import static io.webjobs.orchestrator.domain.Fixtures.aTriggeredJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.RunRequested;
import io.webjobs.orchestrator.domain.JobFold;
import io.webjobs.orchestrator.domain.JobRules;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** WEBJOBS_STOPPED=1 stops schedules too: a due tick is skipped with the reason, not run. */
class StoppedWebJobsTickTest {

    private final ScheduledTicks ticks = new ScheduledTicks(new JobFold(JobRules.DEFAULT), ScheduleRules.DEFAULT);
    private final Instant due = Instant.parse("2026-11-25T08:00:00Z");
    private final Instant now = due.plusMillis(5);

    @Test
    void shouldRunADueTickWhenWebJobsAreNotStopped() {
        ScheduledTicks.Outcome outcome = ticks.tick(aTriggeredJob(), due, now, false);

        assertThat(outcome.events()).extracting(e -> e.getPayload()).singleElement().isInstanceOf(RunRequested.class);
    }

    @Test
    void shouldSkipADueTickAndSayWhyWhenWebJobsAreStopped() {
        ScheduledTicks.Outcome outcome = ticks.tick(aTriggeredJob(), due, now, true);

        assertThat(outcome.events()).isEmpty();
        assertThat(outcome.log()).singleElement().asString()
                .contains("Skipped schedule at " + due)
                .contains("WebJobs are currently in \"stopped\" state.");
        assertThat(outcome.nextDue()).contains(Instant.parse("2026-11-25T09:00:00Z"));
    }
}
