package io.webjobs.orchestrator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunIdsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T07:20:13.1234Z");

    @ParameterizedTest
    @CsvSource({
            "2026-11-25T07:20:13.1234Z,        202611250720131234",
            "2026-11-25T07:20:13Z,             202611250720130000",
            "2026-11-25T07:20:13.0001Z,        202611250720130001",
            "2026-11-25T07:20:13.000199999Z,   202611250720130001",
            "2026-11-25T07:20:13.99999999Z,    202611250720139999",
            "2026-01-02T03:04:05.6Z,           202601020304056000",
            "2026-12-31T23:59:59.9999Z,        202612312359599999"})
    void shouldFormatTheUtcTimeAsYearToTenThousandthsOfASecond(Instant now, String expected) {
        assertThat(RunIds.next(now, Optional.empty())).hasSize(18).containsOnlyDigits().isEqualTo(expected);
    }

    @Test
    void shouldUseTheTimeWhenTheLatestRunIsOlder() {
        assertThat(RunIds.next(NOW, Optional.of("202611250720131233"))).isEqualTo("202611250720131234");
    }

    @Test
    void shouldBumpTheLatestIdWhenTheTimeIsTheSame() {
        assertThat(RunIds.next(NOW, Optional.of("202611250720131234"))).isEqualTo("202611250720131235");
    }

    @Test
    void shouldBumpTheLatestIdWhenTheClockWentBackwards() {
        assertThat(RunIds.next(NOW, Optional.of("202611250720140000"))).isEqualTo("202611250720140001");
    }

    @Test
    void shouldBumpIntoTheNextSecondSoTheIdStaysAValidTime() {
        assertThat(RunIds.next(NOW, Optional.of("202611250720599999"))).isEqualTo("202611250721000000");
    }

    @Test
    void shouldStayMonotonicOverManyRunsInTheSameTenthOfAMillisecond() {
        Optional<String> latest = Optional.empty();
        for (int i = 0; i < 5; i++) {
            String next = RunIds.next(NOW, latest);
            if (latest.isPresent()) {
                assertThat(next).isGreaterThan(latest.get());
            }
            latest = Optional.of(next);
        }
        assertThat(latest).contains("202611250720131238");
    }

    @Test
    void shouldIgnoreALatestIdOfAnotherFormat() {
        assertThat(RunIds.next(NOW, Optional.of("99999999999999999999"))).isEqualTo("202611250720131234");
    }
}
