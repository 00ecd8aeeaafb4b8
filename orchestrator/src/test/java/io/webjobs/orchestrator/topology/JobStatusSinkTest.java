package io.webjobs.orchestrator.topology;

import static io.webjobs.orchestrator.domain.Fixtures.JOB;
import static io.webjobs.orchestrator.domain.Fixtures.aCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aDeployCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aReportFor;
import static io.webjobs.orchestrator.domain.Fixtures.aRunCommand;
import static io.webjobs.orchestrator.domain.Fixtures.aStopCommand;
import static io.webjobs.orchestrator.domain.Fixtures.anUpdateSettingsCommand;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.DeleteJob;
import io.webjobs.avro.JobStatus;
import io.webjobs.avro.JobType;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunSnapshot;
import io.webjobs.avro.RunStatus;
import io.webjobs.orchestrator.domain.JobRules;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology publishes each job's current status on webjobs.status whenever it changes. */
class JobStatusSinkTest {

    private static final Instant START = Instant.parse("2026-11-25T07:20:13Z");

    @TempDir
    Path stateDir;

    private DrivenTopology topology;

    @BeforeEach
    void startTheTopology() {
        topology = new DrivenTopology(stateDir, new JobRules(3, 300), START);
    }

    @AfterEach
    void closeTheDriver() {
        topology.close();
    }

    @Test
    void shouldPublishADeployedJobWithoutRuns() {
        topology.send(aDeployCommand("Nightly"));

        KeyValue<String, JobStatus> status = topology.status.readKeyValue();
        assertThat(status.key).isEqualTo("nightly");
        assertThat(status.value).isEqualTo(new JobStatus("Nightly", JobType.triggered, false, null, START));
    }

    @Test
    void shouldPublishEachStatusOfTheLatestRunInOrder() {
        topology.send(aDeployCommand(JOB));
        topology.driver.advanceWallClockTime(Duration.ofSeconds(1));
        topology.send(aRunCommand(JOB));
        String runId = ((RunRequested) topology.events.readValuesToList().get(1).getPayload()).getRunId();
        topology.driver.advanceWallClockTime(Duration.ofSeconds(1));
        topology.send(aReportFor(JOB, runId, RunStatus.Running, null, null));
        topology.driver.advanceWallClockTime(Duration.ofSeconds(1));
        topology.send(aReportFor(JOB, runId, RunStatus.Running, null, null));
        topology.send(aReportFor(JOB, runId, RunStatus.Success, 0, null));

        List<JobStatus> published = topology.status.readValuesToList();

        assertThat(published).extracting(s -> s.getLatestRun() == null ? null : s.getLatestRun().getStatus())
                .containsExactly(null, RunStatus.Initializing, RunStatus.Running, RunStatus.Success);
        assertThat(published).extracting(JobStatus::getUpdatedAt)
                .containsExactly(START, START.plusSeconds(1), START.plusSeconds(2), START.plusSeconds(3));
        RunSnapshot last = published.get(3).getLatestRun();
        assertThat(last.getRunId()).isEqualTo(runId);
        assertThat(last.getExitCode()).isZero();
        assertThat(last.getEndTime()).isEqualTo(START.plusSeconds(3));
    }

    @Test
    void shouldPublishAStoppedJobAndNothingForAChangeStatusDoesNotShow() {
        topology.send(aDeployCommand(JOB));
        topology.status.readValue();

        topology.send(anUpdateSettingsCommand(JOB, "{\"is_singleton\":true}"));
        topology.send(aRunCommand("ghost"));
        assertThat(topology.status.isEmpty()).as("settings and rejections do not change the status").isTrue();

        topology.send(aStopCommand(JOB));
        assertThat(topology.status.readValue().getStopped()).isTrue();
    }

    @Test
    void shouldPublishATombstoneWhenTheJobIsDeleted() {
        topology.send(aDeployCommand(JOB));
        topology.status.readValue();

        topology.send(aCommand(JOB, new DeleteJob()));

        KeyValue<String, JobStatus> tombstone = topology.status.readKeyValue();
        assertThat(tombstone.key).isEqualTo(JOB);
        assertThat(tombstone.value).isNull();
    }
}
