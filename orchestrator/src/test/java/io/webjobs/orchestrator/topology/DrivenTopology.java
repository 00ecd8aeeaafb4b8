package io.webjobs.orchestrator.topology;

import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobStatus;
import io.webjobs.avro.RunRequest;
import io.webjobs.avro.RunnerReport;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.domain.JobRules;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/** The orchestrator topology on a {@link TopologyTestDriver} with its input and output topics, for topology tests. */
final class DrivenTopology implements AutoCloseable {

    final TopologyTestDriver driver;
    final TestInputTopic<String, JobCommand> commands;
    final TestInputTopic<String, RunnerReport> reports;
    final TestOutputTopic<String, JobEvent> events;
    final TestOutputTopic<String, RunRequest> runRequests;
    final TestOutputTopic<String, JobStatus> status;

    DrivenTopology(Path stateDir, JobRules rules, Instant start) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "webjobs-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName());
        driver = new TopologyTestDriver(JobTopology.build(rules), props, start);
        commands = driver.createInputTopic(Topics.COMMANDS.name(), Topics.COMMANDS.keySerde().serializer(),
                Topics.COMMANDS.valueSerde().serializer());
        reports = driver.createInputTopic(Topics.RUNNER_REPORTS.name(), Topics.RUNNER_REPORTS.keySerde().serializer(),
                Topics.RUNNER_REPORTS.valueSerde().serializer());
        events = driver.createOutputTopic(Topics.EVENTS.name(), Topics.EVENTS.keySerde().deserializer(),
                Topics.EVENTS.valueSerde().deserializer());
        runRequests = driver.createOutputTopic(Topics.RUN_REQUESTS.name(),
                Topics.RUN_REQUESTS.keySerde().deserializer(), Topics.RUN_REQUESTS.valueSerde().deserializer());
        status = driver.createOutputTopic(Topics.STATUS.name(), Topics.STATUS.keySerde().deserializer(),
                Topics.STATUS.valueSerde().deserializer());
    }

    void send(JobCommand command) {
        commands.pipeInput(Topics.jobKey(command.getJobName()), command);
    }

    void send(RunnerReport report) {
        reports.pipeInput(Topics.jobKey(report.getJobName()), report);
    }

    @Override
    public void close() {
        driver.close();
    }
}
