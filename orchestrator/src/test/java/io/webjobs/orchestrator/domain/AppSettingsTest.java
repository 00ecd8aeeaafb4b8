package io.webjobs.orchestrator.domain;

import static io.webjobs.orchestrator.domain.Fixtures.NOW;
import static io.webjobs.orchestrator.domain.Fixtures.aRunCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aStartCommand;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RejectionCode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** WEBJOBS_STOPPED as Kudu reads it, and what it refuses. */
class AppSettingsTest {

    @Test
    void shouldReadOneAndTrueAsStopped() {
        assertThat(new AppSettings(Map.of("WEBJOBS_STOPPED", "1")).webJobsStopped()).isTrue();
        assertThat(new AppSettings(Map.of("WEBJOBS_STOPPED", "True")).webJobsStopped()).isTrue();
        assertThat(new AppSettings(Map.of("WEBJOBS_STOPPED", "0")).webJobsStopped()).isFalse();
        assertThat(AppSettings.NONE.webJobsStopped()).isFalse();
    }

    @Test
    void shouldRefuseTriggeredRunsWithKudusMessageWhileStopped() {
        AppSettings stopped = new AppSettings(Map.of("WEBJOBS_STOPPED", "1"));

        assertThat(stopped.refusal(aRunCommand(Fixtures.JOB), NOW).orElseThrow()).singleElement()
                .extracting(JobEvent::getPayload).isInstanceOfSatisfying(CommandRejected.class, r -> {
                    assertThat(r.getCode()).isEqualTo(RejectionCode.STOPPED);
                    assertThat(r.getReason()).isEqualTo("WebJobs are currently in \"stopped\" state.");
                });
        assertThat(stopped.refusal(aStartCommand(Fixtures.JOB), NOW)).isEmpty();
        assertThat(AppSettings.NONE.refusal(aRunCommand(Fixtures.JOB), NOW)).isEmpty();
    }
}
