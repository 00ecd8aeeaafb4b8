package io.webjobs.orchestrator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class JobNameTest {

    private static final String LONGEST = "a".repeat(128);

    @ParameterizedTest
    @ValueSource(strings = {"nightly", "Nightly", "7days", "n", "nightly-backup_2", "A-_-_9"})
    void shouldAcceptLettersDigitsDashesAndUnderscores(String name) {
        assertThat(JobName.problem(name)).isEmpty();
    }

    @Test
    void shouldAcceptANameOf128Characters() {
        assertThat(JobName.problem(LONGEST)).isEmpty();
    }

    @Test
    void shouldRejectANameOf129Characters() {
        assertThat(JobName.problem(LONGEST + "a")).hasValueSatisfying(
                problem -> assertThat(problem).contains("at most 128 characters"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-nightly", "_nightly", "night ly", " nightly", "nightly ", "night.ly", "night/ly",
            "nächtlich", "nightly!", "../etc"})
    void shouldRejectOtherCharactersOrALeadingDashOrUnderscore(String name) {
        assertThat(JobName.problem(name)).contains("Invalid job name '" + name
                + "': use letters, digits, '-' and '_', starting with a letter or digit (at most 128 characters).");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void shouldSayAMissingNameIsMissing(String name) {
        assertThat(JobName.problem(name)).contains("The job name is missing.");
    }

    @Test
    void shouldKeyNamesByTheirLowerCase() {
        assertThat(JobName.key("Nightly-BACKUP_2")).isEqualTo("nightly-backup_2");
    }

    @Test
    void shouldKeyNamesThatDifferOnlyInCaseTheSame() {
        assertThat(JobName.key("NIGHTLY")).isEqualTo(JobName.key("nightly")).isEqualTo(JobName.key("NightLy"));
    }

    @Test
    void shouldLowerCaseIndependentlyOfTheDefaultLocale() {
        // Locale.ROOT: a Turkish default locale would otherwise turn 'I' into a dotless 'ı'
        assertThat(JobName.key("INDEX")).isEqualTo("index");
    }
}
