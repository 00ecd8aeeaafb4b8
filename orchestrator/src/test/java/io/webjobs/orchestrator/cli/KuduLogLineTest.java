package io.webjobs.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code logs --json} reads the server's Kudu log lines back into fields. */
class KuduLogLineTest {

    @Test
    void shouldReadTheFieldsOfAKuduLine() {
        KuduLogLine line = KuduLogLine.parse("[11/25/2026 07:14:28 > 0e1b2c: SYS INFO] Status changed to Running");

        assertThat(line).isEqualTo(new KuduLogLine("2026-11-25T07:14:28Z", "0e1b2c", "SYS INFO", "Status changed to Running"));
    }

    @Test
    void shouldDropThePaddingOfErrorLevelsAndKeepTheMessageAsWritten() {
        assertThat(KuduLogLine.parse("[01/02/2026 00:00:01 > r1: ERR ] boom: [x]  ").level()).isEqualTo("ERR");
        assertThat(KuduLogLine.parse("[01/02/2026 00:00:01 > r1: ERR ] boom: [x]  ").message()).isEqualTo("boom: [x]  ");
        assertThat(KuduLogLine.parse("[01/02/2026 00:00:01 > r1: SYS ERR ] gone").level()).isEqualTo("SYS ERR");
    }

    @Test
    void shouldKeepALineOfAnotherShapeAsTheMessage() {
        KuduLogLine line = KuduLogLine.parse("plain text");

        assertThat(line.json().get("message").asText()).isEqualTo("plain text");
        assertThat(line.json().get("time").isNull()).isTrue();
    }
}
