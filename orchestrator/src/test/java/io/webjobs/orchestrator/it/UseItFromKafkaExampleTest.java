package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.TriggeredJobEndToEndTest.uniqueName;
import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.webjobs.avro.JobStatus;
import io.webjobs.avro.RunSnapshot;
import io.webjobs.contract.ArtifactPublisher;
import io.webjobs.contract.CommandOutcome;
import io.webjobs.contract.CommandPublisher;
import io.webjobs.contract.JobCommands;
import io.webjobs.contract.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * The two examples of README "Use it from Kafka", verbatim but for the job name, the broker address
 * and {@code System.out.println} (here {@code println}, collected): they compile and do what the README says.
 */
class UseItFromKafkaExampleTest {

    private final List<String> printed = new ArrayList<>();
    private final Consumer<String> println = line -> {
        synchronized (printed) {
            printed.add(line);
        }
    };

    @Test
    void shouldRunTheReadmeExamplesAgainstARealBroker() throws Exception {
        Map<String, Object> kafka = TestSystem.get().kafka();
        String job = uniqueName("nightly-report");
        try (ArtifactPublisher artifacts = new ArtifactPublisher(kafka);
                CommandPublisher commands = new CommandPublisher(kafka)) {
            commands.sendAndAwait(JobCommands.deploy(job, artifacts.publish(aZipWith("run.sh", "echo \"$1\"\n"))),
                    Duration.ofSeconds(30));
        }

        produceARunCommandAndAwaitItsResult(kafka, job);
        String requested = lines().get(0);
        assertThat(requested).matches("run \\d{18} requested");
        String runId = requested.split(" ")[1];

        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> consumeTheStatusTopic(kafka,
                () -> !lines().contains(job.toLowerCase() + ": " + runId + " Success")));
        assertThat(lines()).filteredOn(line -> line.startsWith(job.toLowerCase() + ": ")).containsExactly(
                job.toLowerCase() + ": -",
                job.toLowerCase() + ": " + runId + " Initializing",
                job.toLowerCase() + ": " + runId + " Running",
                job.toLowerCase() + ": " + runId + " Success");
    }

    private void produceARunCommandAndAwaitItsResult(Map<String, Object> kafka, String job) throws TimeoutException {
        try (CommandPublisher commands = new CommandPublisher(kafka)) {
            CommandOutcome outcome = commands.sendAndAwait(
                    JobCommands.run(job).withArguments("--full").by("billing-service"),
                    Duration.ofSeconds(10));
            outcome.rejection().ifPresentOrElse(
                    refused -> println.accept("refused: " + refused.getReason()),
                    () -> println.accept("run " + outcome.runId().orElseThrow() + " requested"));
        }
    }

    private void consumeTheStatusTopic(Map<String, Object> kafka, BooleanSupplier running) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "billing-job-status");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, JobStatus> consumer = new KafkaConsumer<>(props,
                Topics.STATUS.keySerde().deserializer(), Topics.STATUS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.STATUS.name()));
            while (running.getAsBoolean()) {
                for (ConsumerRecord<String, JobStatus> record : consumer.poll(Duration.ofSeconds(1))) {
                    JobStatus status = record.value();                 // null: the job was deleted
                    RunSnapshot run = status == null ? null : status.getLatestRun();
                    println.accept(record.key() + ": " + (run == null ? "-" : run.getRunId() + " " + run.getStatus()));
                }
            }
        }
    }

    private List<String> lines() {
        synchronized (printed) {
            return List.copyOf(printed);
        }
    }
}
