package io.webjobs.orchestrator.domain.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The schedule keys of settings.job: defaults, and a clear reason for every bad value. */
class ScheduleSettingsTest {

    @Test
    void shouldDefaultToLastMisfireForbiddenOverlapAndEnabled() {
        ScheduleSettings settings = ScheduleSettings.parse("{\"schedule\":\"0 */5 * * * *\",\"is_singleton\":true}");

        assertThat(settings.schedule()).map(CronExpression::toString).contains("0 */5 * * * *");
        assertThat(settings.misfire()).isEqualTo(ScheduleSettings.Misfire.LAST);
        assertThat(settings.concurrency()).isEqualTo(ScheduleSettings.Concurrency.FORBID);
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.zone(ZoneId.of("UTC"))).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void shouldReadEveryScheduleKey() {
        ScheduleSettings settings = ScheduleSettings.parse("{\"schedule\":\"0 0 8 * * Mon-Fri\",\"time_zone\":"
                + "\"Europe/Paris\",\"misfire\":\"all\",\"concurrency\":\"Allow\",\"schedule_enabled\":false}");

        assertThat(settings.zone(ZoneId.of("UTC"))).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(settings.misfire()).isEqualTo(ScheduleSettings.Misfire.ALL);
        assertThat(settings.concurrency()).isEqualTo(ScheduleSettings.Concurrency.ALLOW);
        assertThat(settings.enabled()).isFalse();
    }

    @Test
    void shouldHaveNoScheduleWithoutTheKey() {
        assertThat(ScheduleSettings.parse("{}").schedule()).isEmpty();
        assertThat(ScheduleSettings.parse("{\"schedule\":null}").schedule()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"schedule\":5}|The schedule must be a string such as \"0 */15 * * * *\".",
        "{\"schedule\":\"0 0 0 31 Feb 7\"}|Invalid day-of-week field '7': 7 is outside 0-6.",
        "{\"time_zone\":\"Mars/Olympus\"}|Invalid time_zone 'Mars/Olympus': expected an IANA zone id such as \"Europe/Paris\".",
        "{\"misfire\":\"sometimes\"}|Invalid misfire 'sometimes': expected one of skip, last, all.",
        "{\"concurrency\":\"many\"}|Invalid concurrency 'many': expected one of forbid, allow, replace.",
        "{\"schedule_enabled\":\"no\"}|schedule_enabled must be true or false.",
    })
    void shouldNameTheProblemOfABadValue(String json, String problem) {
        assertThat(ScheduleSettings.problem(json)).contains(problem);
    }
}
