package io.webjobs.orchestrator.topology;

import static io.webjobs.orchestrator.domain.Fixtures.JOB;
import static io.webjobs.orchestrator.domain.Fixtures.aDeployCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aRunCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aReportFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.CommandDuplicate;
import io.webjobs.avro.CommandReceipt;
import io.webjobs.avro.CommandRejected;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RejectionCode;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunStatus;
import io.webjobs.contract.Topic;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.domain.JobRules;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command id is applied once; a copy is answered with the original outcome and changes nothing. */
class CommandLedgerTest {

    private static final Instant START = Instant.parse("2026-11-25T07:20:13Z");

    @TempDir
    Path stateDir;

    private DrivenTopology topology;

    @BeforeEach
    void startTheTopology() {
        topology = new DrivenTopology(stateDir, new JobRules(3, 300), START);
        topology.send(aDeployCommand(JOB));
        topology.events.readValuesToList();
        topology.status.readValuesToList();
    }

    @AfterEach
    void closeTheDriver() {
        topology.close();
    }

    @Test
    void shouldApplyARunCommandSentTwiceOnceAndRepeatItsRunId() {
        JobCommand run = aRunCommand(JOB);
        topology.send(run);
        String runId = ((RunRequested) topology.events.readValue().getPayload()).getRunId();
        topology.driver.advanceWallClockTime(Duration.ofSeconds(5));
        topology.send(aReportFor(JOB, runId, RunStatus.Success, 0, null));
        topology.events.readValue();
        topology.status.readValuesToList();
        topology.driver.advanceWallClockTime(Duration.ofSeconds(5));

        topology.send(run);

        JobEvent answer = topology.events.readValue();
        assertThat(answer.getCausedBy()).isEqualTo(run.getCommandId());
        assertThat(answer.getPayload()).isEqualTo(new CommandDuplicate(run.getCommandId(),
                new CommandReceipt(run.getCommandId(), START, runId, null)));
        assertThat(topology.events.isEmpty()).isTrue();
        assertThat(topology.runRequests.readValuesToList()).as("one run request, for the first copy").hasSize(1);
        assertThat(topology.status.isEmpty()).as("a duplicate changes no status").isTrue();
        assertThat(JobRuns.newestFirst(topology.driver.<String, io.webjobs.avro.RunSnapshot>getKeyValueStore(
                JobTopology.RUN_STORE), JOB)).hasSize(1);
    }

    @Test
    void shouldRepeatTheOriginalRejectionToACopyOfARefusedCommand() {
        JobCommand ghost = aRunCommand("ghost");
        topology.send(ghost);
        CommandRejected rejected = (CommandRejected) topology.events.readValue().getPayload();

        topology.send(ghost);

        CommandDuplicate duplicate = (CommandDuplicate) topology.events.readValue().getPayload();
        assertThat(duplicate.getOriginal().getRejection()).isEqualTo(rejected);
        assertThat(rejected.getCode()).isEqualTo(RejectionCode.NOT_FOUND);
    }

    @Test
    void shouldRememberCommandIdsForTheRetentionOfTheCommandsTopic() {
        JobCommand run = aRunCommand(JOB);
        topology.send(run);
        String runId = ((RunRequested) topology.events.readValue().getPayload()).getRunId();
        topology.send(aReportFor(JOB, runId, RunStatus.Success, 0, null));
        topology.events.readValue();

        topology.driver.advanceWallClockTime(Duration.ofDays(7).minusMinutes(1));
        topology.send(run);
        assertThat(topology.events.readValue().getPayload()).isInstanceOf(CommandDuplicate.class);

        topology.driver.advanceWallClockTime(Duration.ofDays(1));
        topology.send(run);
        assertThat(topology.events.readValue().getPayload()).as("forgotten after 7 days: a new command")
                .isInstanceOf(RunRequested.class);
    }

    @Test
    void shouldRememberIdsAsLongAsTheCommandsTopicKeepsCommands() {
        Topic.Days commandsRetention = (Topic.Days) Topics.COMMANDS.retention();

        assertThat(CommandLedger.RETENTION).isEqualTo(Duration.ofDays(commandsRetention.days()));
        assertThat(commandsRetention.configs()).containsKey(TopicConfig.RETENTION_MS_CONFIG);
    }
}
