package io.webjobs.orchestrator.audit;

import static io.webjobs.orchestrator.domain.Fixtures.DEPLOYED_AT;
import static io.webjobs.orchestrator.domain.Fixtures.JOB;
import static io.webjobs.orchestrator.domain.Fixtures.aDeployedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aRejectedEvent;
import static io.webjobs.orchestrator.domain.Fixtures.aStatusChangedEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RunStatus;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditTimelineTest {

    private static final Instant AT = Instant.parse("2026-11-25T07:00:00Z");

    @Test
    void shouldDescribeAFailedRunWithItsRunnerExitCodeAndReason() {
        JobEvent failed = aStatusChangedEvent("r1", RunStatus.Failed, 3, "Job failed due to exit code 3", "runner-1", AT);

        AuditEntry entry = AuditEntry.of(failed);

        assertThat(entry.event()).isEqualTo("RunStatusChanged");
        assertThat(entry.runId()).isEqualTo("r1");
        assertThat(entry.line()).startsWith("2026-11-25T07:00:00Z\t" + JOB + "\tRunStatusChanged\tactor=")
                .contains("\trun=r1\t").contains("status=Failed exit_code=3 reason=Job failed due to exit code 3");
    }

    @Test
    void shouldDescribeARejectedCommandWithItsCodeAndReason() {
        AuditEntry entry = AuditEntry.of(aRejectedEvent());

        assertThat(entry.event()).isEqualTo("CommandRejected");
        assertThat(entry.runId()).isNull();
        assertThat(entry.details()).containsKeys("code", "reason", "caused_by");
    }

    @Test
    void shouldFilterByJobInAnyCaseTimeWindowAndType() {
        JobEvent deployed = aDeployedEvent(JOB, DEPLOYED_AT);

        assertThat(new AuditFilter(JOB.toUpperCase(), null, null, Set.of()).accepts(deployed)).isTrue();
        assertThat(new AuditFilter("other", null, null, Set.of()).accepts(deployed)).isFalse();
        assertThat(new AuditFilter(null, DEPLOYED_AT, DEPLOYED_AT, Set.of("jobdeployed")).accepts(deployed)).isTrue();
        assertThat(new AuditFilter(null, DEPLOYED_AT.plusMillis(1), null, Set.of()).accepts(deployed)).isFalse();
        assertThat(new AuditFilter(null, null, null, Set.of("RunStatusChanged")).accepts(deployed)).isFalse();
    }

    @Test
    void shouldReadIsoInstantsAndEpochMillisAndRefuseAnythingElse() {
        assertThat(PointInTime.parse("2026-11-25T07:00:00Z")).isEqualTo(AT);
        assertThat(PointInTime.parse(Long.toString(AT.toEpochMilli()))).isEqualTo(AT);
        assertThatThrownBy(() -> PointInTime.parse("yesterday")).hasMessageContaining("'yesterday' is not a time");
    }
}
