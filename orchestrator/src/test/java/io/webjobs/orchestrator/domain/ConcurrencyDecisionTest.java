package io.webjobs.orchestrator.domain;

import static io.webjobs.orchestrator.domain.Fixtures.NOW;
import static io.webjobs.orchestrator.domain.Fixtures.aRun;
import static io.webjobs.orchestrator.domain.Fixtures.aRunCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aTriggeredJobWith;
import static io.webjobs.orchestrator.domain.Fixtures.anUpdateSettingsCommand;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RejectionCode;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code concurrency} setting: one active run by default, overlapping runs when it says {@code allow}. */
class ConcurrencyDecisionTest {

    private final JobFold fold = new JobFold(JobRules.DEFAULT);

    @Test
    void shouldAllowASecondActiveRunWhenConcurrencyAllows() {
        Job job = withSettings(aTriggeredJobWith(aRun("202611250700000000", RunStatus.Running)),
                "{\"concurrency\":\"allow\"}");

        List<JobEvent> events = JobDecisions.decide(job, aRunCommand(Fixtures.JOB), NOW);

        assertThat(events).singleElement().extracting(JobEvent::getPayload).isInstanceOf(RunRequested.class);
    }

    @Test
    void shouldRefuseASecondActiveRunByDefault() {
        Job job = aTriggeredJobWith(aRun("202611250700000000", RunStatus.Running));

        List<JobEvent> events = JobDecisions.decide(job, aRunCommand(Fixtures.JOB), NOW);

        CommandRejected rejected = (CommandRejected) events.get(0).getPayload();
        assertThat(rejected.getCode()).isEqualTo(RejectionCode.CONFLICT);
        assertThat(rejected.getReason()).isEqualTo(JobDecisions.ALREADY_RUNNING);
    }

    private Job withSettings(Job job, String settings) {
        return fold.applyAll(job, JobDecisions.decide(job, anUpdateSettingsCommand(Fixtures.JOB, settings), NOW));
    }
}
