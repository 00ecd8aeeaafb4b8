package io.webjobs.runner;

import io.webjobs.avro.InstanceAction;
import io.webjobs.avro.InstanceCommand;
import io.webjobs.contract.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The continuous instances of one runner. It reads all of {@code webjobs.runner-commands} without a
 * consumer group (a group would hand a command to any runner; these name one) and keeps the commands
 * addressed to it. It starts reading at the end, positioned before the first heartbeat: a new runner
 * has no instances, and the topology places them only after it sees the runner alive. A command naming a
 * triggered run ({@code runId}) is not about instances: it goes to {@code runStops}.
 */
final class ContinuousInstances implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContinuousInstances.class);

    private final String runnerId;
    private final RunContext context;
    private final String logRunId;
    private final KafkaConsumer<String, byte[]> consumer;
    /** job key → its current launch on this runner. */
    private final Map<String, InstanceExecution> byJob = new ConcurrentHashMap<>();
    private final Consumer<InstanceCommand> runStops;
    private final Thread loop;
    private volatile boolean running = true;

    ContinuousInstances(Map<String, Object> kafka, String runnerId, RunContext context, String logRunId,
            Consumer<InstanceCommand> runStops) {
        this.runnerId = runnerId;
        this.runStops = runStops;
        this.context = context;
        this.logRunId = logRunId;
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The topology writes under exactly-once: read only committed commands.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // bounds only an empty fetch: a command is answered as soon as its transaction is committed
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "webjobs-runner-" + runnerId + "-instances");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        assignIfNeeded(Duration.ofSeconds(30));
        this.loop = new Thread(this::consume, runnerId + "-instances");
        loop.setDaemon(true);
        loop.start();
    }

    int count() {
        return byJob.size();
    }

    /** The launches this runner holds (started, running or exited, not yet replaced or stopped). */
    List<String> launchIds() {
        return byJob.values().stream().map(InstanceExecution::launchId).sorted().toList();
    }

    /**
     * Reads every partition from its current end. The topic may not exist yet (a runner started before any
     * orchestrator created the topics): then the loop tries again until it does.
     */
    private void assignIfNeeded(Duration timeout) {
        if (!consumer.assignment().isEmpty()) {
            return;
        }
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.RUNNER_COMMANDS.name(), timeout).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        if (partitions.isEmpty()) {
            return;
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    private void consume() {
        try {
            while (running) {
                assignIfNeeded(Duration.ofSeconds(1));
                if (consumer.assignment().isEmpty()) {
                    continue; // partitionsFor waited a second: no busy loop
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    InstanceCommand command = decode(record);
                    if (command != null && command.getRunnerId().equals(runnerId)) {
                        handle(command);
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() or crash()
        } catch (RuntimeException e) {
            LOG.error("runner {} stopped reading instance commands", runnerId, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(InstanceCommand command) {
        if (command.getRunId() != null) {
            runStops.accept(command);
            return;
        }
        String jobKey = Topics.jobKey(command.getJobName());
        if (command.getAction() == InstanceAction.start && command.getRequest() != null) {
            InstanceExecution next = new InstanceExecution(command.getRequest(), context, logRunId,
                    command.getReason());
            InstanceExecution previous = byJob.put(jobKey, next);
            int wait = command.getStoppingWaitSeconds();
            start(jobKey, () -> {
                if (previous != null) {
                    // A new launch (redeploy, restart) replaces the old one gracefully.
                    stopQuietly(previous, wait);
                }
                next.run();
            });
        } else if (command.getAction() == InstanceAction.stop) {
            InstanceExecution current = byJob.get(jobKey);
            if (current != null && current.launchId().equals(command.getLaunchId())) {
                byJob.remove(jobKey, current);
                start(jobKey, () -> stopQuietly(current, command.getStoppingWaitSeconds()));
            }
        }
    }

    private static void stopQuietly(InstanceExecution execution, int waitSeconds) {
        try {
            execution.stop(waitSeconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            execution.kill();
        }
    }

    private void start(String jobKey, Runnable work) {
        Thread thread = new Thread(work, runnerId + "-instance-" + jobKey);
        thread.setDaemon(true);
        thread.start();
    }

    /** A command that does not decode is skipped: one bad record must not stop the runner. */
    private static InstanceCommand decode(ConsumerRecord<String, byte[]> record) {
        try {
            return Topics.RUNNER_COMMANDS.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            LOG.warn("skipping undecodable instance command at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return null;
        }
    }

    /**
     * Stops reading and kills every instance without reporting: the runner is going away, and the
     * topology re-places its instances once it sees the runner gone.
     */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            loop.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byJob.values().forEach(InstanceExecution::kill);
        byJob.clear();
    }
}
