package io.webjobs.runner;

import io.webjobs.avro.InstanceCommand;
import io.webjobs.avro.RunRequest;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunnerHeartbeat;
import io.webjobs.contract.DeadLetters;
import io.webjobs.contract.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runner process: takes run requests from its share of {@code webjobs.run-requests} (consumer
 * group {@value #GROUP}), runs at most {@code capacity} of them at once, and heartbeats to
 * {@code webjobs.instances}. A request's offset is committed once it is handed to a run, so a
 * crashed runner does not re-run what it already started (the orchestrator ends those runs as
 * Aborted when the heartbeats stop).
 */
public final class Runner implements AutoCloseable {

    public static final String GROUP = "webjobs-runners";
    /**
     * Continuous jobs keep one rolling log: each runner process writes its part under the log run id
     * {@code continuous-{runnerId}-{startMillis}}; readers merge every part of the job by this prefix.
     */
    public static final String CONTINUOUS_LOG_PREFIX = "continuous-";
    /** See {@link #markAlive}. */
    public static final String HEARTBEAT_FILE = "heartbeat";
    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration BUSY_POLL = Duration.ofMillis(5);
    private static final Duration COMMIT_EVERY = Duration.ofMillis(100);
    private static final Duration ARTIFACT_TIMEOUT = Duration.ofSeconds(60);

    private final RunnerConfig config;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaLogShipper logs;
    private final KafkaRunReports reports;
    private final ArtifactCache artifacts;
    private final KafkaConsumer<String, byte[]> consumer;
    private final RunContext context;
    private final ContinuousInstances instances;
    private final ExecutorService runs;
    private final Set<RunExecution> active = ConcurrentHashMap.newKeySet();
    /** Runs holding a slot: handed out and their process not yet gone (see {@link RunExecution#run}). */
    private final AtomicInteger occupied = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicLong poisonRequests = new AtomicLong();
    private final RunCorrelations correlations = new RunCorrelations();
    /**
     * Requests fetched ahead, handed out in order as slots free up. Its monitor also guards
     * {@link #uncommitted}: hand-outs happen on run threads, commits on the request loop.
     */
    private final Deque<ConsumerRecord<String, byte[]>> backlog = new ArrayDeque<>();
    /** The next offset per partition of requests handed out and not yet committed. */
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private final Thread loop;
    private final String host;
    private volatile boolean running = true;
    /** Set by {@link #crash()}: nothing more leaves this runner. */
    private volatile boolean silenced;
    private volatile boolean heartbeatsPaused;
    private long nextHeartbeatMillis;
    /** Request loop only. */
    private long lastCommitNanos = System.nanoTime() - COMMIT_EVERY.toNanos();

    private Runner(RunnerConfig config) {
        this.config = config;
        // named, so the broker's logs and quotas (and the benches) tell the runners apart
        String clientId = "webjobs-runner-" + config.runnerId();
        Properties producerProps = producerProps(config.kafka());
        producerProps.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        this.logs = new KafkaLogShipper(producer, config.runnerId(), correlations);
        this.artifacts = ArtifactCache.start(config.kafka(), config.workDir().resolve("artifacts"));
        this.reports = new KafkaRunReports(producer, config.runnerId(), config.clock(), correlations);
        this.context = new RunContext(config.workDir(), artifacts, silenceable(reports), logs,
                config.clock(), ARTIFACT_TIMEOUT);
        context.copies().removeLeftovers();
        Properties consumerProps = consumerProps(config.kafka());
        consumerProps.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        if (config.dryRun()) {
            consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000); // no process limits the batch
        }
        this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                new ByteArrayDeserializer());
        this.instances = new ContinuousInstances(config.kafka(), config.runnerId(), context,
                CONTINUOUS_LOG_PREFIX + config.runnerId() + "-" + config.clock().millis(), this::stopRun);
        // Not bounded by the capacity: a run finishing its report has left its slot, and the next one starts.
        this.runs = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, config.runnerId() + "-run-" + started.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.host = hostName();
        this.loop = new Thread(this::consume, config.runnerId() + "-requests");
    }

    public static Runner start(RunnerConfig config) {
        Runner runner = new Runner(config);
        runner.loop.start();
        return runner;
    }

    public String runnerId() {
        return config.runnerId();
    }

    public int activeRuns() {
        return active.size();
    }

    /** Run requests that did not decode, skipped and sent to webjobs.dead-letter since this runner started. */
    public long poisonRequests() {
        return poisonRequests.get();
    }

    /**
     * Stops (or resumes) heartbeating while everything else goes on, the way a runner cut off from the
     * orchestrator looks: after the liveness timeout it is declared dead and its instances move; it must
     * then stop the processes it still has for them. For fleet tests and drills.
     */
    public void pauseHeartbeats(boolean paused) {
        heartbeatsPaused = paused;
    }

    public int activeInstances() {
        return instances.count();
    }

    /**
     * Stops taking requests, kills its continuous instances, aborts the active runs (each reports
     * Aborted), tells the fleet it is gone (a tombstone heartbeat, so its instances move at once), then
     * closes the clients.
     */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        join(loop, 10_000);
        instances.close();
        for (RunExecution run : active) {
            run.abort("runner " + config.runnerId() + " stopped");
        }
        // Wakes runs still waiting for their zip; they end Aborted because they were aborted above.
        artifacts.close();
        runs.shutdown();
        try {
            if (!runs.awaitTermination(20, TimeUnit.SECONDS)) {
                LOG.warn("runs of {} did not end in time", config.runnerId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        logs.close();
        leaveFleet();
        producer.close(Duration.ofSeconds(5));
    }

    /** A tombstone heartbeat: the topology forgets this runner at once instead of after the liveness timeout. */
    private void leaveFleet() {
        try {
            producer.send(new ProducerRecord<>(Topics.INSTANCES.name(), config.runnerId(), null))
                    .get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("runner {} could not say goodbye; it will be declared lost instead", config.runnerId());
        }
    }

    /**
     * Dies the way a killed host does, for tests of the fleet and for a runner whose {@code up} was killed:
     * heartbeats and reports stop, its processes die with it, and nothing says goodbye (no tombstone, no final
     * reports); the orchestrator must notice through the liveness timeout.
     */
    public void crash() {
        silenced = true;
        running = false;
        consumer.wakeup();
        join(loop, 10_000);
        instances.close();
        for (RunExecution run : active) {
            run.abort("runner " + config.runnerId() + " crashed");
        }
        artifacts.close();
        runs.shutdownNow();
        producer.close(Duration.ZERO);
    }

    /**
     * The orchestrator ended one of our triggered runs (replaced by its schedule): stop it gracefully, on its
     * own thread so the command reader goes on. A run not handed out yet is not here; once it starts, its
     * Running report makes the orchestrator send the stop again.
     */
    private void stopRun(InstanceCommand command) {
        for (RunExecution run : active) {
            RunRequest request = run.request();
            if (request.getRunId().equals(command.getRunId())
                    && Topics.jobKey(request.getJobName()).equals(Topics.jobKey(command.getJobName()))) {
                Thread stopper = new Thread(() -> {
                    try {
                        run.stop(command.getReason(), command.getStoppingWaitSeconds());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        run.abort(command.getReason());
                    }
                }, config.runnerId() + "-stop-" + request.getRunId());
                stopper.setDaemon(true);
                stopper.start();
            }
        }
    }

    private void consume() {
        try {
            consumer.subscribe(List.of(Topics.RUN_REQUESTS.name()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // Not handed out, so the new owner reads them again: drop our copies, never run twice;
                    // what was handed out is committed now, before the new owner reads from our offset.
                    Map<TopicPartition, OffsetAndMetadata> handedOut = new HashMap<>();
                    synchronized (backlog) {
                        backlog.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
                        for (TopicPartition partition : partitions) {
                            OffsetAndMetadata offset = uncommitted.remove(partition);
                            if (offset != null) {
                                handedOut.put(partition, offset);
                            }
                        }
                    }
                    commitNow(handedOut);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // nothing to do: paused state is re-applied after every poll
                }
            });
            while (running && config.dryRun()) {
                acknowledge(consumer.poll(POLL));
                heartbeatIfDue();
            }
            while (running) {
                // Stocked: the partitions are paused and poll only waits, briefly, so the stock is topped
                // up soon after a run takes from it.
                ConsumerRecords<String, byte[]> fetched = consumer.poll(stocked() ? BUSY_POLL : POLL);
                synchronized (backlog) {
                    fetched.forEach(backlog::add);
                }
                handOut();
                commitHandedOut();
                if (stocked()) {
                    consumer.pause(consumer.assignment());
                } else if (!consumer.paused().isEmpty()) {
                    consumer.resume(consumer.paused());
                }
                heartbeatIfDue();
            }
        } catch (WakeupException stopping) {
            // close() was called
        } catch (RuntimeException e) {
            LOG.error("runner {} stopped taking requests", config.runnerId(), e);
        } finally {
            commitTheRest();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** As many requests fetched ahead as there are slots: a freed slot takes the next without waiting for Kafka. */
    private boolean stocked() {
        synchronized (backlog) {
            return backlog.size() >= config.capacity();
        }
    }

    /**
     * Starts fetched requests while slots are free; called by the request loop after each poll and by a
     * run the moment it frees its slot, so the next run starts without a round trip to Kafka. Their
     * offsets are committed by the request loop (the consumer is not thread-safe).
     */
    private void handOut() {
        List<RunExecution> handedOut = new ArrayList<>();
        synchronized (backlog) {
            while (running && occupied.get() < config.capacity() && !backlog.isEmpty()) {
                ConsumerRecord<String, byte[]> record = backlog.poll();
                RunRequest request = decode(record);
                if (request != null) {
                    occupied.incrementAndGet();
                    RunExecution run = new RunExecution(request, context, this::slotFreed);
                    active.add(run);
                    correlations.started(request);
                    handedOut.add(run);
                }
                uncommitted.put(new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
            }
        }
        for (RunExecution run : handedOut) {
            Runnable execution = () -> {
                try {
                    run.run();
                } finally {
                    correlations.ended(run.request());
                    active.remove(run);
                }
            };
            try {
                runs.execute(execution);
            } catch (RejectedExecutionException closing) {
                // handed out as the runner closed: it ends as the runs it was running do, Aborted
                run.abort("runner " + config.runnerId() + " stopped");
                execution.run();
            }
        }
    }

    private void slotFreed() {
        occupied.decrementAndGet();
        handOut();
    }

    /**
     * Asynchronous and at most once per {@link #COMMIT_EVERY}: a synchronous commit per hand-out held the
     * request loop a round trip each time, a freed slot waited for it, and the broker served a commit
     * for every other run. A request whose commit is lost with the runner runs again elsewhere, as it did
     * when the runner died between start and commit; the topology ignores reports of a run it already
     * considers started by another runner.
     */
    private void commitHandedOut() {
        long now = System.nanoTime();
        if (now - lastCommitNanos < COMMIT_EVERY.toNanos()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = takeUncommitted();
        if (offsets.isEmpty()) {
            return;
        }
        lastCommitNanos = now;
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error != null) {
                LOG.warn("cannot commit run requests up to {}", committed, error);
            }
        });
    }

    /**
     * Dry run: each request is reported Running then Success without a process, the whole batch sent at
     * once and flushed before its offsets are committed (the runner's side costs one round trip per batch).
     */
    private void acknowledge(ConsumerRecords<String, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        for (ConsumerRecord<String, byte[]> record : records) {
            RunRequest request = decode(record);
            if (request != null && !silenced) {
                reports.send(request.getJobName(), request.getRunId(), RunStatus.Running, null, null);
                reports.send(request.getJobName(), request.getRunId(), RunStatus.Success, 0, null);
            }
        }
        producer.flush();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> part = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(part.get(part.size() - 1).offset() + 1));
        }
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("cannot commit dry-run requests {}", offsets.keySet(), e);
        }
    }

    /**
     * A record that does not decode is skipped (and committed past), counted and copied to the dead-letter
     * topic: one bad record must not stop the runner.
     */
    private RunRequest decode(ConsumerRecord<String, byte[]> record) {
        try {
            RunRequest request = Topics.RUN_REQUESTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (request == null) {
                LOG.warn("skipping empty run request at {}-{}@{}", record.topic(), record.partition(), record.offset());
            }
            return request;
        } catch (RuntimeException e) {
            LOG.warn("skipping undecodable run request #{} at {}-{}@{}: {}", poisonRequests.incrementAndGet(),
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            producer.send(DeadLetters.of(record.key(), record.value(), record.topic(), record.partition(),
                    record.offset(), e.getMessage(), config.runnerId()), (meta, error) -> {
                        if (error != null) {
                            LOG.error("cannot dead-letter the run request at {}-{}@{}", record.topic(),
                                    record.partition(), record.offset(), error);
                        }
                    });
            return null;
        }
    }

    /** What was handed out since the last commit; a crash leaves it to run again elsewhere instead. */
    private void commitTheRest() {
        if (silenced) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> rest = takeUncommitted();
        try {
            commitNow(rest);
        } catch (WakeupException e) {
            LOG.warn("runner {} closed before committing run requests up to {}", config.runnerId(), rest);
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> takeUncommitted() {
        synchronized (backlog) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(uncommitted);
            uncommitted.clear();
            return offsets;
        }
    }

    /** Synchronous, for a revocation or the end: the next owner must not run these again. */
    private void commitNow(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // A rebalance took the partition: the request may run again elsewhere; the topology
            // ignores reports of a run it already considers started by another runner.
            LOG.warn("cannot commit run requests up to {}", offsets, e);
        }
    }

    private void heartbeatIfDue() {
        long now = config.clock().millis();
        if (now < nextHeartbeatMillis || heartbeatsPaused) {
            return;
        }
        nextHeartbeatMillis = now + config.heartbeatInterval().toMillis();
        // The time first, then the launches: a launch reported Running before this time is surely listed.
        Instant at = config.clock().instant();
        RunnerHeartbeat beat = new RunnerHeartbeat(config.runnerId(), host, at, occupied.get(), config.capacity(),
                instances.launchIds());
        String topic = Topics.INSTANCES.name();
        producer.send(new ProducerRecord<>(topic, config.runnerId(),
                Topics.INSTANCES.valueSerde().serializer().serialize(topic, beat)), (meta, error) -> {
                    if (error != null) {
                        LOG.warn("heartbeat of {} not sent", config.runnerId(), error);
                    } else {
                        markAlive(at);
                    }
                });
    }

    /**
     * {@value #HEARTBEAT_FILE} in the work folder holds the time of the last heartbeat Kafka stored: a
     * container's health check (a runner has no port) reads its age, so a runner cut off from Kafka turns
     * unhealthy although its JVM lives.
     */
    private void markAlive(Instant at) {
        try {
            // whole or not at all: a health check may read it at any moment
            Path next = config.workDir().resolve(HEARTBEAT_FILE + ".next");
            Files.writeString(next, at + "\n");
            Files.move(next, config.workDir().resolve(HEARTBEAT_FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("cannot write {} of {}", HEARTBEAT_FILE, config.runnerId(), e);
        }
    }

    private RunReports silenceable(RunReports reports) {
        return (job, runId, status, exitCode, reason) -> {
            if (!silenced) {
                reports.report(job, runId, status, exitCode, reason);
            }
        };
    }

    static Properties producerProps(Map<String, Object> kafka) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return props;
    }

    static Properties consumerProps(Map<String, Object> kafka) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        // Run requests are written in the orchestrator's exactly-once transactions: an aborted one (a
        // crashed orchestrator) is written again by its successor, and must not run twice.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    private static void join(Thread thread, long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
