package io.webjobs.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code webjobs cron next}: the scheduler's evaluator from a shell. */
class CronCommandTest {

    record Result(int exitCode, String out, String err) {
    }

    @Test
    void shouldPrintTheNextOccurrencesOnePerLine() {
        Result r = cli("cron", "next", "0 45 16 1 * Mon", "--from", "2003-01-01T00:00:00", "--count", "2");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("2003-09-01T16:45:00\n2003-12-01T16:45:00\n");
    }

    @Test
    void shouldPrintTheOccurrencesAsAJsonArray() throws Exception {
        Result r = cli("cron", "next", "0 45 16 1 * Mon", "--from", "2003-01-01T00:00:00", "--count", "2", "--json");

        assertThat(r.exitCode()).isZero();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readValue(r.out(), String[].class))
                .containsExactly("2003-09-01T16:45:00", "2003-12-01T16:45:00");
    }

    @Test
    void shouldExitTwoForAnInvalidExpressionWithJson() {
        Result r = cli("cron", "next", "0 0 0 * * 7", "--from", "2003-01-01T00:00:00", "--json");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: Invalid day-of-week field '7': 7 is outside 0-6.\n");
    }

    @Test
    void shouldStopBeforeUntilExclusive() {
        Result r = cli("cron", "next", "0 0 * * * *", "--from", "2003-01-01T00:00:00", "--until", "2003-01-01T03:00:00");

        assertThat(r.out()).isEqualTo("2003-01-01T01:00:00\n2003-01-01T02:00:00\n");
    }

    @Test
    void shouldPrintNothingWhenThereIsNoOccurrence() {
        Result r = cli("cron", "next", "0 0 0 31 Feb *", "--from", "2003-01-01T00:00:00", "--count", "3");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void shouldPrintLocalTimesOfTheZone() {
        Result r = cli("cron", "next", "0 30 2 * * *", "--from", "2021-03-13T12:00:00", "--count", "2",
                "--tz", "America/New_York");

        assertThat(r.out()).isEqualTo("2021-03-15T02:30:00\n2021-03-16T02:30:00\n");
    }

    @Test
    void shouldExitTwoWithOneLineForAnInvalidExpression() {
        Result r = cli("cron", "next", "0 0 0 * * 7", "--from", "2003-01-01T00:00:00");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: Invalid day-of-week field '7': 7 is outside 0-6.\n");
    }

    static synchronized Result cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = WebJobsCli.execute(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
