package io.webjobs.orchestrator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.broker.EmbeddedBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a broker of its own: it creates the topics an earlier version left. */
class TopicSetupTest {

    @Test
    void shouldGrowTheRunRequestsAnEarlierVersionCreatedAndLeaveTheJobTopicsAsTheyAre(@TempDir Path dir)
            throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("kafka"), 0)) {
            Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
            Properties props = new Properties();
            props.putAll(kafka);
            try (Admin admin = Admin.create(props)) {
                // as the versions before run requests were spread by run id created them
                admin.createTopics(List.of(new NewTopic(Topics.RUN_REQUESTS.name(), Topics.JOB_PARTITIONS, (short) 1),
                        Topics.COMMANDS.newTopic((short) 1))).all().get(30, TimeUnit.SECONDS);
                // topic metadata reaches the broker's answers a moment after the controller made the change
                await().atMost(Duration.ofSeconds(30)).until(() -> admin.listTopics().names().get()
                        .containsAll(List.of(Topics.RUN_REQUESTS.name(), Topics.COMMANDS.name())));

                TopicSetup.ensureTopics(kafka, (short) 1);
                TopicSetup.ensureTopics(kafka, (short) 1); // a second start (or instance) changes nothing

                await().atMost(Duration.ofSeconds(30))
                        .until(() -> partitions(admin, Topics.RUN_REQUESTS.name()), n -> n == 12);
                assertThat(partitions(admin, Topics.COMMANDS.name())).isEqualTo(Topics.JOB_PARTITIONS);
                assertThat(partitions(admin, Topics.EVENTS.name())).isEqualTo(Topics.JOB_PARTITIONS);
            }
        }
    }

    private static int partitions(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                .partitions().size();
    }
}
