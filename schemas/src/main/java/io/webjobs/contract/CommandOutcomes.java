package io.webjobs.contract;

import io.webjobs.avro.JobEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
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
 * future of each awaited command with all the events that name it in {@code causedBy}.
 */
final class CommandOutcomes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommandOutcomes.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, CompletableFuture<CommandOutcome>> pending = new ConcurrentHashMap<>();
    /** Events seen of awaited commands whose transaction is not fully read yet; tail thread only. */
    private final Map<String, Collecting> collecting = new HashMap<>();
    private final Thread thread;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private volatile boolean running = true;
    /** Why the tail stopped, if it did: later awaits fail at once instead of timing out. */
    private volatile RuntimeException failure;

    CommandOutcomes(Map<String, Object> kafkaClientConfig) {
        Properties props = new Properties();
        props.putAll(kafkaClientConfig);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "webjobs-outcomes-" + UUID.randomUUID());
        // bounds only an empty fetch: the broker answers when the markers of a transaction land
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
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
        RuntimeException stopped = failure;
        if (stopped != null) {
            return CompletableFuture.failedFuture(stopped);
        }
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
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    JobEvent event = decode(record);
                    if (event != null && pending.containsKey(event.getCausedBy())) {
                        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                        collecting.computeIfAbsent(event.getCausedBy(),
                                id -> new Collecting(partition, stableEndOf(partition), new ArrayList<>()))
                                .events().add(event);
                    }
                }
                completeCollected();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("command outcome tail stopped", e);
            failure = e;
            pending.values().forEach(f -> f.completeExceptionally(e));
        } finally {
            positioned.countDown();
            consumer.close();
        }
    }

    /**
     * The events of a command are written in one transaction but may reach us over several polls
     * (max.poll.records, fetch sizes). Once an event is visible its transaction is committed, so
     * every event of it lies below the partition's last stable offset read at that moment: the
     * outcome is complete when our position reaches that offset.
     */
    private long stableEndOf(TopicPartition partition) {
        OptionalLong lag = consumer.currentLag(partition);
        if (lag.isPresent()) {
            return consumer.position(partition) + lag.getAsLong();
        }
        return consumer.endOffsets(List.of(partition)).get(partition);
    }

    private void completeCollected() {
        for (Iterator<Map.Entry<String, Collecting>> it = collecting.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Collecting> entry = it.next();
            CompletableFuture<CommandOutcome> future = pending.get(entry.getKey());
            if (future == null) {
                it.remove(); // the sender gave up waiting
            } else if (consumer.position(entry.getValue().partition()) >= entry.getValue().stableEnd()) {
                future.complete(new CommandOutcome(entry.getKey(), entry.getValue().events()));
                it.remove();
            }
        }
    }

    private record Collecting(TopicPartition partition, long stableEnd, List<JobEvent> events) {
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
