package io.webjobs.orchestrator.domain;

import static io.webjobs.orchestrator.domain.Fixtures.ISSUER;
import static io.webjobs.orchestrator.domain.Fixtures.JOB;
import static io.webjobs.orchestrator.domain.Fixtures.NOW;
import static io.webjobs.orchestrator.domain.Fixtures.NOW_IN_MILLIS;
import static io.webjobs.orchestrator.domain.Fixtures.RUN_ID_AT_NOW;
import static io.webjobs.orchestrator.domain.Fixtures.aRunCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aTriggeredJob;
import static io.webjobs.orchestrator.domain.Fixtures.anUpdateSettingsCommand;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.CommandDuplicate;
import io.webjobs.avro.CommandReceipt;
import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RejectionCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandReceiptsTest {

    private final JobFold fold = new JobFold(new JobRules(50, 120));

    @Test
    void shouldKeepTheRunIdOfAnAcceptedRunCommand() {
        JobCommand run = aRunCommand(JOB);

        CommandReceipt receipt = CommandReceipts.of(run, JobDecisions.decide(aTriggeredJob(), run, NOW), NOW);

        assertThat(receipt).isEqualTo(new CommandReceipt(run.getCommandId(), NOW, RUN_ID_AT_NOW, null));
    }

    @Test
    void shouldKeepTheRejectionOfARefusedCommand() {
        JobCommand run = aRunCommand("ghost");

        CommandReceipt receipt = CommandReceipts.of(run, JobDecisions.decide(null, run, NOW), NOW);

        assertThat(receipt.getRunId()).isNull();
        assertThat(receipt.getRejection()).isEqualTo(
                new CommandRejected(run.getCommandId(), RejectionCode.NOT_FOUND, "Job 'ghost' not found."));
    }

    @Test
    void shouldKeepNeitherForAnAcceptedCommandThatRequestsNoRun() {
        JobCommand settings = anUpdateSettingsCommand(JOB, "{}");

        CommandReceipt receipt = CommandReceipts.of(settings, JobDecisions.decide(aTriggeredJob(), settings, NOW), NOW);

        assertThat(receipt.getRunId()).isNull();
        assertThat(receipt.getRejection()).isNull();
    }

    @Test
    void shouldAnswerACopyWithOneEventNamingItAndTheOriginalOutcome() {
        JobCommand run = aRunCommand(JOB);
        List<JobEvent> original = JobDecisions.decide(aTriggeredJob(), run, NOW);
        CommandReceipt receipt = CommandReceipts.of(run, original, NOW);

        JobEvent duplicate = CommandReceipts.duplicateOf(run, receipt, NOW.plusSeconds(1));

        assertThat(duplicate.getCausedBy()).isEqualTo(run.getCommandId());
        assertThat(duplicate.getActor()).isEqualTo(ISSUER);
        assertThat(duplicate.getAt()).isEqualTo(NOW_IN_MILLIS.plusSeconds(1));
        assertThat(duplicate.getEventId()).isNotIn(original.stream().map(JobEvent::getEventId).toList());
        assertThat(duplicate.getPayload()).isEqualTo(new CommandDuplicate(run.getCommandId(), receipt));
    }

    @Test
    void shouldChangeNothingWhenFoldingADuplicate() {
        JobCommand run = aRunCommand(JOB);
        Job job = aTriggeredJob();
        JobEvent duplicate = CommandReceipts.duplicateOf(run, CommandReceipts.of(run, List.of(), NOW), NOW);

        assertThat(fold.apply(job, duplicate)).isEqualTo(job);
        assertThat(fold.apply(null, duplicate)).isNull();
    }
}
