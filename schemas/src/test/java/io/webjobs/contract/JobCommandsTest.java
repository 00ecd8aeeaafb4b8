package io.webjobs.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webjobs.avro.CommandDuplicate;
import io.webjobs.avro.CommandReceipt;
import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.DeleteJob;
import io.webjobs.avro.DeployJob;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobType;
import io.webjobs.avro.RejectionCode;
import io.webjobs.avro.RunJob;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.StartJob;
import io.webjobs.avro.StopJob;
import io.webjobs.avro.UpdateSettings;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobCommandsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T07:20:13Z");
    private static final ArtifactRef ZIP = new ArtifactRef("4f1c0a", 1_024L);

    @Test
    void shouldBuildARunCommandWithArgumentsTriggerAndIssuer() {
        JobCommand command = JobCommands.run("nightly-report").withArguments("--full").withTrigger("External - billing")
                .by("billing-service").build(NOW);

        assertThat(command.getJobName()).isEqualTo("nightly-report");
        assertThat(command.getIssuedAt()).isEqualTo(NOW);
        assertThat(command.getIssuedBy()).isEqualTo("billing-service");
        assertThat(command.getCommandId()).isNotBlank();
        assertThat(command.getPayload()).isEqualTo(new RunJob("--full", "External - billing", null));
    }

    @Test
    void shouldBuildEveryCommandType() {
        assertThat(List.of(JobCommands.deploy("a", ZIP), JobCommands.run("a"), JobCommands.delete("a"),
                        JobCommands.start("a"), JobCommands.stop("a"), JobCommands.updateSettings("a", "{}")))
                .extracting(c -> (Object) c.build(NOW).getPayload().getClass())
                .containsExactly(DeployJob.class, RunJob.class, DeleteJob.class, StartJob.class, StopJob.class,
                        UpdateSettings.class);
    }

    @Test
    void shouldDeployAPublishedArtifactAsATriggeredJobByDefault() {
        JobCommand deploy = JobCommands.deploy("nightly", ZIP).build(NOW);
        JobCommand custom = JobCommands.deploy("nightly", ZIP).withType(JobType.continuous).withEntryPoint("main.py")
                .withSettings("{\"is_singleton\":true}").build(NOW);

        assertThat(deploy.getPayload()).isEqualTo(new DeployJob("nightly", JobType.triggered, "4f1c0a", 1_024L, "", "{}"));
        assertThat(custom.getPayload()).isEqualTo(new DeployJob("nightly", JobType.continuous, "4f1c0a", 1_024L,
                "main.py", "{\"is_singleton\":true}"));
        assertThat(deploy.getIssuedBy()).isEqualTo(JobCommands.UNKNOWN_ISSUER);
    }

    @Test
    void shouldStampAFreshIdUnlessTheSenderChoseOne() {
        JobCommands run = JobCommands.run("nightly");

        assertThat(run.build(NOW).getCommandId()).isNotEqualTo(run.build(NOW).getCommandId());
        assertThat(run.withCommandId("order-42").build(NOW).getCommandId()).isEqualTo("order-42");
        assertThatThrownBy(() -> run.withCommandId(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseOptionsOfAnotherCommandType() {
        assertThatThrownBy(() -> JobCommands.stop("nightly").withArguments("--full"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("RunJob commands only");
        assertThatThrownBy(() -> JobCommands.run("nightly").withEntryPoint("run.sh"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("DeployJob commands only");
    }

    @Test
    void shouldReadTheRunIdOrRejectionOfAnOutcomeAlsoFromADuplicate() {
        CommandRejected refused = new CommandRejected("c2", RejectionCode.NOT_FOUND, "Job 'x' not found.");
        CommandOutcome accepted = new CommandOutcome("c1", List.of(event("c1", new RunRequested("r1", null, "t", null, null))));
        CommandOutcome rejected = new CommandOutcome("c2", List.of(event("c2", refused)));
        CommandOutcome copyOfAccepted = new CommandOutcome("c1", List.of(event("c1",
                new CommandDuplicate("c1", new CommandReceipt("c1", NOW, "r1", null)))));
        CommandOutcome copyOfRejected = new CommandOutcome("c2", List.of(event("c2",
                new CommandDuplicate("c2", new CommandReceipt("c2", NOW, null, refused)))));

        assertThat(accepted.runId()).hasValue("r1");
        assertThat(accepted.accepted()).isTrue();
        assertThat(rejected.rejection()).hasValue(refused);
        assertThat(copyOfAccepted.runId()).hasValue("r1");
        assertThat(copyOfAccepted.accepted()).isTrue();
        assertThat(copyOfAccepted.duplicate()).isPresent();
        assertThat(copyOfRejected.rejection()).hasValue(refused);
        assertThat(copyOfRejected.accepted()).isFalse();
    }

    private static JobEvent event(String commandId, Object payload) {
        return new JobEvent(commandId + "/0", "x", NOW, commandId, "svc", payload, null);
    }
}
