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
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidPartitionsException;

/**
 * Creates the webjobs topics with their partitions and retention when they are missing, and gives
 * {@code webjobs.run-requests} its partitions when an older version created it with fewer.
 */
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
            // one created just now has its partitions, and describing it at once may reach a broker that
            // does not know it yet
            if (existing.contains(Topics.RUN_REQUESTS.name())) {
                growRunRequests(admin);
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

    /**
     * Earlier versions created it with {@link Topics#JOB_PARTITIONS}, which left a fourth runner without
     * triggered runs. Safe to grow, unlike the job-keyed topics: requests are spread by run id, not ordered
     * per job, and only the runners' group reads it (the requests already written stay where they are).
     */
    private static void growRunRequests(Admin admin)
            throws InterruptedException, ExecutionException, TimeoutException {
        String name = Topics.RUN_REQUESTS.name();
        int partitions = admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(name).partitions().size();
        if (partitions < Topics.RUN_REQUESTS.partitions()) {
            try {
                admin.createPartitions(Map.of(name, NewPartitions.increaseTo(Topics.RUN_REQUESTS.partitions())))
                        .all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // another orchestrator starting at the same time grew it first
                if (!(e.getCause() instanceof InvalidPartitionsException)) {
                    throw e;
                }
            }
        }
    }
}
