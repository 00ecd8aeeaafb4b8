package io.webjobs.orchestrator.domain.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When the app-wide schedule settings change, what the timers are planned again under. */
class SchedulePlanTest {

    private static final Instant NOW = Instant.parse("2026-11-25T08:07:30Z");
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Duration TICK = Duration.ofMillis(20);

    @Test
    void shouldRememberSinceWhenSchedulesAreDisabled() {
        Optional<SchedulePlan> enabled = Optional.of(new SchedulePlan(UTC, Optional.empty()));

        SchedulePlan disabled = SchedulePlan.of(new ScheduleRules(true, UTC, TICK), enabled, NOW);
        SchedulePlan stillDisabled = SchedulePlan.of(new ScheduleRules(true, UTC, TICK), Optional.of(disabled),
                NOW.plusSeconds(60));

        assertThat(disabled.disabledSince()).contains(NOW);
        assertThat(stillDisabled).isEqualTo(disabled);
        assertThat(disabled.resumesFrom(enabled)).isEmpty();
        assertThat(disabled.zoneChangedFrom(enabled)).isFalse();
    }

    @Test
    void shouldResumeFromTheDisabledTimeWhenEnabledAgain() {
        Optional<SchedulePlan> disabled = Optional.of(new SchedulePlan(UTC, Optional.of(NOW.minusSeconds(300))));

        SchedulePlan enabled = SchedulePlan.of(new ScheduleRules(false, UTC, TICK), disabled, NOW);

        assertThat(enabled.resumesFrom(disabled)).contains(NOW.minusSeconds(300));
    }

    @Test
    void shouldSeeAZoneChangeAndAFirstPlanAsChanges() {
        SchedulePlan paris = SchedulePlan.of(new ScheduleRules(false, PARIS, TICK), Optional.empty(), NOW);

        assertThat(paris.zoneChangedFrom(Optional.empty())).isTrue();
        assertThat(paris.zoneChangedFrom(Optional.of(new SchedulePlan(UTC, Optional.empty())))).isTrue();
        assertThat(paris.zoneChangedFrom(Optional.of(paris))).isFalse();
    }

    @Test
    void shouldPutATimerBackAtItsFirstOccurrenceSkippedWhileDisabled() {
        CronExpression everyMinute = CronExpression.parse("0 * * * * *");
        Instant due = Instant.parse("2026-11-25T08:08:00Z");

        assertThat(SchedulePlan.resumeAt(everyMinute, UTC, Instant.parse("2026-11-25T08:03:10Z"), due, NOW))
                .contains(Instant.parse("2026-11-25T08:04:00Z"));
        assertThat(SchedulePlan.resumeAt(everyMinute, UTC, Instant.parse("2026-11-25T08:07:10Z"), due, NOW))
                .as("nothing was skipped").isEmpty();
    }

    @Test
    void shouldReadBackWhatItWrote() {
        SchedulePlan plan = new SchedulePlan(PARIS, Optional.of(Instant.ofEpochMilli(NOW.toEpochMilli())));

        assertThat(SchedulePlan.decode(plan.encode())).contains(plan);
        assertThat(SchedulePlan.decode(new SchedulePlan(UTC, Optional.empty()).encode()))
                .contains(new SchedulePlan(UTC, Optional.empty()));
        assertThat(SchedulePlan.decode("garbage")).isEmpty();
        assertThat(SchedulePlan.decode(null)).isEmpty();
    }
}
