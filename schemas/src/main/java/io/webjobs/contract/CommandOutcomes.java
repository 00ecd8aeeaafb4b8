package io.webjobs.contract;

import io.webjobs.avro.JobEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails {@code webjobs.events} (committed records only) from the moment it starts and completes the
 * future of each awaited command with the events that name it in {@code causedBy}. The events of one
 * command are written in one transaction, so they arrive in one poll.
 */
final class CommandOutcomes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommandOutcomes.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, CompletableFuture<CommandOutcome>> pending = new ConcurrentHashMap<>();
    private final Thread thread;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private volatile boolean running = true;

    CommandOutcomes(Map<String, Object> kafkaClientConfig) {
        Properties props = new Properties();
        props.putAll(kafkaClientConfig);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "webjobs-outcomes-" + UUID.randomUUID());
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        this.consumer = new KafkaConsumer<>(props, Topics.EVENTS.keySerde().deserializer(),
                new ByteArrayDeserializer());
        this.thread = new Thread(this::tail, "webjobs-command-outcomes");
        thread.setDaemon(true);
        thread.start();
        try {
            positioned.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    CompletableFuture<CommandOutcome> expect(String commandId) {
        return pending.computeIfAbsent(commandId, id -> new CompletableFuture<>());
    }

    void forget(String commandId) {
        pending.remove(commandId);
    }

    private void tail() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < Topics.EVENTS.partitions(); p++) {
                partitions.add(new TopicPartition(Topics.EVENTS.name(), p));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            // Resolve the end offsets now, so an outcome for a command sent after construction is never missed.
            partitions.forEach(consumer::position);
            positioned.countDown();
            while (running) {
                Map<String, List<JobEvent>> byCommand = new LinkedHashMap<>();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    JobEvent event = decode(record);
                    if (event != null && pending.containsKey(event.getCausedBy())) {
                        byCommand.computeIfAbsent(event.getCausedBy(), id -> new ArrayList<>()).add(event);
                    }
                }
                byCommand.forEach((id, events) -> {
                    CompletableFuture<CommandOutcome> future = pending.get(id);
                    if (future != null) {
                        future.complete(new CommandOutcome(id, List.copyOf(events)));
                    }
                });
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("command outcome tail stopped", e);
            pending.values().forEach(f -> f.completeExceptionally(e));
        } finally {
            positioned.countDown();
            consumer.close();
        }
    }

    private static JobEvent decode(ConsumerRecord<String, byte[]> record) {
        try {
            return Topics.EVENTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (org.apache.kafka.common.errors.SerializationException e) {
            log.warn("skipping undecodable event at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
