package io.webjobs.orchestrator.domain;

import static io.webjobs.orchestrator.domain.Fixtures.JOB;
import static io.webjobs.orchestrator.domain.Fixtures.NOW;
import static io.webjobs.orchestrator.domain.Fixtures.RUN_ID_AT_NOW;
import static io.webjobs.orchestrator.domain.Fixtures.aReport;
import static io.webjobs.orchestrator.domain.Fixtures.aRun;
import static io.webjobs.orchestrator.domain.Fixtures.aRunCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aTriggeredJob;
import static io.webjobs.orchestrator.domain.Fixtures.aTriggeredJobWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunnerReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A user action is followed by its correlation id: command → events → run request → report → events. */
class CorrelationTest {

    @Test
    void shouldGiveEveryEventOfACommandItsCorrelationIdAndPassItToTheRunRequest() {
        JobCommand run = aRunCommand(JOB);
        run.setCorrelationId("trace-1");

        List<JobEvent> events = JobDecisions.decide(aTriggeredJob(), run, NOW);

        assertThat(events).singleElement().satisfies(e -> assertThat(e.getCorrelationId()).isEqualTo("trace-1"));
        JobEvent requested = events.get(0);
        assertThat(RunRequests.of(aTriggeredJob(), (RunRequested) requested.getPayload(), NOW, new JobRules(50, 120),
                requested.getCorrelationId()).getCorrelationId()).isEqualTo("trace-1");
    }

    @Test
    void shouldGiveTheStatusChangeOfAReportTheReportsCorrelationId() {
        RunnerReport running = aReport(RUN_ID_AT_NOW, RunStatus.Running);
        running.setCorrelationId("trace-1");

        List<JobEvent> events = JobDecisions.decide(aTriggeredJobWith(aRun(RUN_ID_AT_NOW, RunStatus.Initializing)),
                running, NOW);

        assertThat(events).singleElement().satisfies(e -> assertThat(e.getCorrelationId()).isEqualTo("trace-1"));
    }
}
