package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.TriggeredJobEndToEndTest.uniqueName;
import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobStatus;
import io.webjobs.avro.RejectionCode;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunStatus;
import io.webjobs.contract.ArtifactPublisher;
import io.webjobs.contract.CommandOutcome;
import io.webjobs.contract.CommandPublisher;
import io.webjobs.contract.JobCommands;
import io.webjobs.contract.Topic;
import io.webjobs.contract.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A service that only has the contract jar (no HTTP): deploys, runs, awaits outcomes and reads webjobs.status. */
class KafkaContractEndToEndTest {

    private static final Duration ANSWER = Duration.ofSeconds(30);
    private static final String SERVICE = "billing-service";

    private static TestSystem system;
    private static CommandPublisher commands;
    private static ArtifactPublisher artifacts;

    @BeforeAll
    static void connect() {
        system = TestSystem.get();
        commands = new CommandPublisher(system.kafka(), Clock.systemUTC());
        artifacts = new ArtifactPublisher(system.kafka());
    }

    @AfterAll
    static void disconnect() {
        commands.close();
        artifacts.close();
    }

    @Test
    void shouldFailAtOnceWithTheReasonWhenTheBrokerRefusesACommand() {
        // larger than the producer's max.request.size (1 MiB): refused before it reaches the orchestrator
        JobCommand tooLarge = JobCommands.run(uniqueName("huge")).withArguments("x".repeat(2 * 1024 * 1024)).by(SERVICE)
                .build(java.time.Instant.now());

        // the send's error, not a TimeoutException after waiting for an answer that cannot come
        assertThatThrownBy(() -> commands.sendAndAwait(tooLarge, ANSWER)).isInstanceOf(KafkaException.class)
                .hasMessageContaining("cannot send command " + tooLarge.getCommandId())
                .hasMessageContaining("larger than");
    }

    @Test
    void shouldRunAJobDeployedThroughTheContractAndReportTheRunId() throws TimeoutException {
        String job = deployed("contract", "echo \"from kafka: $*\"\n");

        CommandOutcome outcome = commands.sendAndAwait(JobCommands.run(job).withArguments("--full").by(SERVICE), ANSWER);

        assertThat(outcome.accepted()).as(outcome.toString()).isTrue();
        String runId = outcome.runId().orElseThrow();
        assertThat(runId).matches("\\d{18}");
        assertThat(outcome.events()).singleElement().satisfies(event -> {
            assertThat(event.getActor()).as("the issuer is kept in the event log").isEqualTo(SERVICE);
            // the orchestrator records the history size in force (the test system's 50) with the request
            assertThat(event.getPayload()).isEqualTo(new RunRequested(runId, "--full", JobCommands.DEFAULT_TRIGGER, null, 50));
        });
        assertThat(awaitRunStatuses(job, runId)).endsWith(RunStatus.Success);
    }

    @Test
    void shouldRejectARunOfAnUnknownJobWithTheReason() throws TimeoutException {
        String job = uniqueName("ghost");

        CommandOutcome outcome = commands.sendAndAwait(JobCommands.run(job).by(SERVICE), ANSWER);

        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.rejection()).hasValueSatisfying(rejected -> {
            assertThat(rejected.getCode()).isEqualTo(RejectionCode.NOT_FOUND);
            assertThat(rejected.getReason()).isEqualTo("Job '" + job + "' not found.");
        });
        assertThat(outcome.runId()).isEmpty();
    }

    @Test
    void shouldRunOnceWhenTheSameCommandIsProducedTwice() throws TimeoutException {
        String job = deployed("twice", "echo once\n");
        JobCommand run = JobCommands.run(job).by(SERVICE).build(Clock.systemUTC().instant());

        CommandOutcome first = commands.sendAndAwait(run, ANSWER);
        CommandOutcome second = commands.sendAndAwait(run, ANSWER);

        String runId = first.runId().orElseThrow();
        assertThat(first.duplicate()).isEmpty();
        assertThat(second.duplicate()).as("the copy is recognised").isPresent();
        assertThat(second.runId()).as("and answered with the original run").hasValue(runId);
        assertThat(awaitRunStatuses(job, runId)).endsWith(RunStatus.Success);
        assertThat(eventsOf(job)).extracting(JobEvent::getPayload).filteredOn(RunRequested.class::isInstance)
                .as("one run").hasSize(1);
    }

    @Test
    void shouldRememberAnAppliedCommandAcrossAnOrchestratorRestart() throws TimeoutException {
        String job = deployed("restart", "echo once\n");
        JobCommand run = JobCommands.run(job).by(SERVICE).build(Clock.systemUTC().instant());
        String runId = commands.sendAndAwait(run, ANSWER).runId().orElseThrow();
        awaitRunStatuses(job, runId);

        system.restartOrchestrator(); // with an empty local state directory: the ledger comes back from its changelog
        CommandOutcome resent = commands.sendAndAwait(run, ANSWER);

        assertThat(resent.duplicate()).isPresent();
        assertThat(resent.runId()).hasValue(runId);
        assertThat(eventsOf(job)).extracting(JobEvent::getPayload).filteredOn(RunRequested.class::isInstance)
                .hasSize(1);
    }

    @Test
    void shouldPublishInitializingRunningSuccessOnTheStatusTopicInOrder() throws TimeoutException {
        String job = deployed("status", "echo status\n");

        String runId = commands.sendAndAwait(JobCommands.run(job).by(SERVICE), ANSWER).runId().orElseThrow();

        assertThat(awaitRunStatuses(job, runId))
                .containsExactly(RunStatus.Initializing, RunStatus.Running, RunStatus.Success);
    }

    @Test
    void shouldCreateTheStatusTopicCompactedAndCoPartitionedWithTheJobs() throws Exception {
        Properties props = new Properties();
        props.putAll(system.kafka());
        ConfigResource status = new ConfigResource(ConfigResource.Type.TOPIC, Topics.STATUS.name());
        try (Admin admin = Admin.create(props)) {
            Config config = admin.describeConfigs(List.of(status)).all().get(30, TimeUnit.SECONDS).get(status);
            int partitions = admin.describeTopics(List.of(Topics.STATUS.name())).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(Topics.STATUS.name()).partitions().size();

            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
            assertThat(partitions).isEqualTo(Topics.JOB_PARTITIONS);
        }
    }

    private static String deployed(String prefix, String script) {
        String job = uniqueName(prefix);
        try {
            CommandOutcome deployed = commands.sendAndAwait(
                    JobCommands.deploy(job, artifacts.publish(aZipWith("run.sh", script))).by(SERVICE), ANSWER);
            assertThat(deployed.accepted()).as(deployed.toString()).isTrue();
        } catch (TimeoutException e) {
            throw new AssertionError("no answer to the deploy of " + job, e);
        }
        return job;
    }

    /** The statuses of the run as a plain consumer of webjobs.status sees them, once the run is final. */
    private static List<RunStatus> awaitRunStatuses(String job, String runId) {
        return await().atMost(ANSWER).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<RunStatus> seen = new ArrayList<>();
            for (JobStatus status : readAll(Topics.STATUS, job)) {
                if (status != null && status.getLatestRun() != null && status.getLatestRun().getRunId().equals(runId)) {
                    seen.add(status.getLatestRun().getStatus());
                }
            }
            return seen;
        }, seen -> !seen.isEmpty() && List.of(RunStatus.Success, RunStatus.Failed, RunStatus.Aborted)
                .contains(seen.get(seen.size() - 1)));
    }

    private static List<JobEvent> eventsOf(String job) {
        return readAll(Topics.EVENTS, job);
    }

    /** Every committed value of the job's key on the topic, in order. */
    private static <V> List<V> readAll(Topic<String, V> topic, String job) {
        Properties props = new Properties();
        props.putAll(system.kafka());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < topic.partitions(); p++) {
                partitions.add(new TopicPartition(topic.name(), p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key().equals(Topics.jobKey(job))) {
                        values.add(record.value());
                    }
                }
            }
        }
        return values;
    }
}
