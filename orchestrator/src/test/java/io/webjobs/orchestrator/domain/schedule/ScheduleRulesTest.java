package io.webjobs.orchestrator.domain.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The orchestrator-wide schedule settings, and the bounds of how often the scheduler looks for due timers. */
class ScheduleRulesTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void shouldAcceptAPunctuatorPeriodFromOneToOneHundredMilliseconds() {
        assertThat(new ScheduleRules(false, UTC, Duration.ofMillis(1)).tickEvery()).isEqualTo(Duration.ofMillis(1));
        assertThat(new ScheduleRules(false, UTC, Duration.ofMillis(100)).tickEvery()).isEqualTo(Duration.ofMillis(100));
        assertThat(ScheduleRules.DEFAULT.tickEvery()).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void shouldRejectAPunctuatorPeriodOutsideOneToOneHundredMillisecondsSayingSo() {
        assertThatThrownBy(() -> new ScheduleRules(false, UTC, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the scheduler must look for due timers every 1-100 ms, not 0.0 ms");
        assertThatThrownBy(() -> new ScheduleRules(false, UTC, Duration.ofMillis(-20)))
                .hasMessage("the scheduler must look for due timers every 1-100 ms, not -20.0 ms");
        assertThatThrownBy(() -> new ScheduleRules(false, UTC, Duration.ofMillis(101)))
                .hasMessage("the scheduler must look for due timers every 1-100 ms, not 101.0 ms");
    }

    @Test
    void shouldRejectFractionsOfAMillisecondJustOutsideTheBounds() {
        assertThatThrownBy(() -> new ScheduleRules(false, UTC, Duration.ofNanos(500_000)))
                .hasMessage("the scheduler must look for due timers every 1-100 ms, not 0.5 ms");
        assertThatThrownBy(() -> new ScheduleRules(false, UTC, Duration.ofMillis(100).plusNanos(500_000)))
                .hasMessage("the scheduler must look for due timers every 1-100 ms, not 100.5 ms");
    }

    @Test
    void shouldRejectAMissingPeriodNamingIt() {
        assertThatThrownBy(() -> new ScheduleRules(false, UTC, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("tickEvery");
    }

    @Test
    void shouldReadTheOffSwitchAndZoneFromTheEnvironmentWithTheDefaultPeriod() {
        ScheduleRules rules = ScheduleRules.fromEnvironment(Map.of("WEBJOBS_DISABLE_SCHEDULE", "true",
                "WEBSITE_TIME_ZONE", "Europe/Paris"));

        assertThat(rules).isEqualTo(new ScheduleRules(true, ZoneId.of("Europe/Paris"), Duration.ofMillis(20)));
        assertThat(ScheduleRules.fromEnvironment(Map.of())).isEqualTo(ScheduleRules.DEFAULT);
    }
}
