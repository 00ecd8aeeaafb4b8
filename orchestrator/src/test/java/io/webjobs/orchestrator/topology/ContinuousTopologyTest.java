package io.webjobs.orchestrator.topology;

import static io.webjobs.orchestrator.domain.Fixtures.DIGEST;
import static io.webjobs.orchestrator.domain.Fixtures.ENTRY_POINT;
import static io.webjobs.orchestrator.domain.Fixtures.SIZE;
import static io.webjobs.orchestrator.domain.Fixtures.aCommand;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.avro.DeployJob;
import io.webjobs.avro.InstanceAction;
import io.webjobs.avro.InstanceChanged;
import io.webjobs.avro.InstanceCommand;
import io.webjobs.avro.InstanceRemoved;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobType;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunnerHeartbeat;
import io.webjobs.avro.RunnerReport;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.domain.FleetRules;
import io.webjobs.orchestrator.domain.JobRules;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Placement and runner liveness through the real topology: heartbeats in, instance commands out. */
class ContinuousTopologyTest {

    private static final Instant START = Instant.parse("2026-11-25T07:20:13Z");
    private static final String JOB = "watcher";
    private static final FleetRules FLEET = new FleetRules(Duration.ofSeconds(15), Duration.ofSeconds(60),
            Duration.ofMinutes(2));

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, JobCommand> commands;
    private TestInputTopic<String, RunnerReport> reports;
    private TestInputTopic<String, RunnerHeartbeat> heartbeats;
    private TestOutputTopic<String, JobEvent> events;
    private TestOutputTopic<String, InstanceCommand> runnerCommands;

    @BeforeEach
    void startTheTopology() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "webjobs-continuous-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(JobTopology.build(new JobRules(3, 300), FLEET, Duration.ofSeconds(1)), props,
                START);
        commands = driver.createInputTopic(Topics.COMMANDS.name(), Topics.COMMANDS.keySerde().serializer(),
                Topics.COMMANDS.valueSerde().serializer());
        reports = driver.createInputTopic(Topics.RUNNER_REPORTS.name(), Topics.RUNNER_REPORTS.keySerde().serializer(),
                Topics.RUNNER_REPORTS.valueSerde().serializer());
        heartbeats = driver.createInputTopic(Topics.INSTANCES.name(), Topics.INSTANCES.keySerde().serializer(),
                Topics.INSTANCES.valueSerde().serializer());
        events = driver.createOutputTopic(Topics.EVENTS.name(), Topics.EVENTS.keySerde().deserializer(),
                Topics.EVENTS.valueSerde().deserializer());
        runnerCommands = driver.createOutputTopic(Topics.RUNNER_COMMANDS.name(),
                Topics.RUNNER_COMMANDS.keySerde().deserializer(), Topics.RUNNER_COMMANDS.valueSerde().deserializer());
    }

    @AfterEach
    void closeTheDriver() {
        driver.close();
    }

    @Test
    void shouldStartASingletonOnOneLiveRunnerAndMoveItWhenThatRunnerGoesSilent() {
        beat("r1", START);
        beat("r2", START);

        commands.pipeInput(JOB, aCommand(JOB, new DeployJob(JOB, JobType.continuous, DIGEST, SIZE, ENTRY_POINT,
                "{\"is_singleton\": true}")));

        List<InstanceCommand> started = runnerCommands.readValuesToList();
        assertThat(started).singleElement().satisfies(c -> {
            assertThat(c.getAction()).isEqualTo(InstanceAction.start);
            assertThat(c.getRequest().getType()).isEqualTo(JobType.continuous);
            assertThat(c.getRequest().getRunId()).isEqualTo(c.getLaunchId());
        });
        String holder = started.get(0).getRunnerId();
        String other = holder.equals("r1") ? "r2" : "r1";
        reports.pipeInput(JOB, new RunnerReport("rep-1", holder, JOB, started.get(0).getLaunchId(), START,
                RunStatus.Running, null, null, null));
        events.readValuesToList();

        // Only the other runner keeps heartbeating; the holder is lost after the liveness timeout.
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        beat(other, START.plusSeconds(10));
        driver.advanceWallClockTime(Duration.ofSeconds(10));

        List<Object> payloads = events.readValuesToList().stream().map(JobEvent::getPayload).toList();
        assertThat(payloads).hasSize(2);
        assertThat(payloads.get(0)).isEqualTo(new InstanceRemoved(holder, started.get(0).getLaunchId(),
                "runner " + holder + " lost"));
        assertThat(payloads.get(1)).isInstanceOfSatisfying(InstanceChanged.class, c -> {
            assertThat(c.getRunnerId()).isEqualTo(other);
            assertThat(c.getStatus()).isEqualTo(RunStatus.Starting);
        });
        assertThat(runnerCommands.readValuesToList()).extracting(InstanceCommand::getRunnerId,
                InstanceCommand::getAction).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(holder, InstanceAction.stop),
                        org.assertj.core.groups.Tuple.tuple(other, InstanceAction.start));
    }

    private void beat(String runnerId, Instant at) {
        heartbeats.pipeInput(runnerId, new RunnerHeartbeat(runnerId, "host", at, 0, 4, null));
    }
}
