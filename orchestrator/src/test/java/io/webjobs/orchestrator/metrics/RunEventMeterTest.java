package io.webjobs.orchestrator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RejectionCode;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunStatusChanged;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunEventMeterTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RunEventMeter meter = new RunEventMeter(registry);

    @Test
    void shouldCountARunFromStartToItsFinalStatusWithItsDuration() {
        meter.record(event(T0, new RunRequested("r1", null, "External", null, null)));
        meter.record(event(T0.plusMillis(100), new RunStatusChanged("r1", RunStatus.Running, null, null, "runner-1")));
        meter.record(event(T0.plusMillis(1_600), new RunStatusChanged("r1", RunStatus.Failed, 3, "exit 3", "runner-1")));

        assertThat(registry.get("webjobs.runs.started").counter().count()).isEqualTo(1);
        assertThat(registry.get("webjobs.runs.finished").tag("status", "Failed").counter().count()).isEqualTo(1);
        assertThat(registry.get("webjobs.run.duration").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1_500);
        assertThat(registry.get("webjobs.commands").tag("outcome", "accepted").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldMeasureScheduleLatenessWithoutCountingTheTickAsACommand() {
        meter.record(event(T0.plusMillis(40), new RunRequested("r2", null, "Schedule - 0 * * * * *", T0, null)));

        assertThat(registry.get("webjobs.schedule.lateness").summary().max()).isEqualTo(0.04);
        assertThat(registry.get("webjobs.commands").tag("outcome", "accepted").counter().count()).isZero();
    }

    @Test
    void shouldCountRejectedCommands() {
        meter.record(event(T0, new CommandRejected("c1", RejectionCode.CONFLICT, "already running")));

        assertThat(registry.get("webjobs.commands").tag("outcome", "rejected").counter().count()).isEqualTo(1);
    }

    private static JobEvent event(Instant at, Object payload) {
        return new JobEvent("e-" + at.toEpochMilli(), "job", at, "cause", "test", payload, null);
    }
}
