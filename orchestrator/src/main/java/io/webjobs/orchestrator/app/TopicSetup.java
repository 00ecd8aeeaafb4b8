package io.webjobs.orchestrator.app;

import io.webjobs.contract.Topic;
import io.webjobs.contract.Topics;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;

/** Creates the webjobs topics with their partitions and retention when they are missing. */
public final class TopicSetup {

    private TopicSetup() {
    }

    public static void ensureTopics(Map<String, Object> kafka, short replicationFactor) {
        Properties props = new Properties();
        props.putAll(kafka);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.all().stream().filter(t -> !existing.contains(t.name()))
                    .map((Topic<String, ?> t) -> t.newTopic(replicationFactor)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new KafkaException("cannot create the webjobs topics: " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new KafkaException("Kafka did not answer within 30 s while creating topics", e);
        }
    }
}
