package io.webjobs.orchestrator.bench;

import io.webjobs.avro.DeployJob;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobType;
import io.webjobs.avro.RunJob;
import io.webjobs.contract.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code webjobs bench orchestration}: runs per second when dry-run runners acknowledge each request
 * without a process (Running then Success), every command, event, request and report through Kafka under
 * exactly-once. Baseline: the same broker moving as many plain records from a producer to a consumer.
 */
public final class OrchestrationBench {

    /** Runs sent and not succeeded yet, at most: ten per job of the default 3,000, enough to batch every hop. */
    static final int IN_FLIGHT = 30_000;

    private final int runs;
    private final int warmUp;
    private final int jobs;
    private final int runners;
    private final Duration timeout;
    private final int historySize;

    /** @param warmUp runs before the measure (at least one per job, which deploys them all) */
    public OrchestrationBench(int runs, int warmUp, int jobs, int runners, int historySize, Duration timeout) {
        this.historySize = historySize;
        this.runs = runs;
        this.warmUp = Math.max(jobs, warmUp);
        this.jobs = jobs;
        this.runners = runners;
        this.timeout = timeout;
    }

    public BenchTable run() throws Exception {
        BenchTable table = new BenchTable("orchestration", Map.of("runs", runs, "warmUpRuns", warmUp, "jobs", jobs,
                "runners", runners, "historySize", historySize));
        try (BenchSystem system = BenchSystem.start(historySize)) {
            system.startRunners(runners, 64, true);
            try (KafkaProducer<String, JobCommand> producer = producer(system.kafka());
                    RunWatch watch = new RunWatch(system.kafka())) {
                for (int j = 0; j < jobs; j++) {
                    String name = "dry-" + j;
                    producer.send(command(name, "deploy-" + j, new DeployJob(name, JobType.triggered,
                            "sha256:bench", 0L, "run.sh", "{\"concurrency\":\"allow\"}")));
                }
                // The broker, Streams and the orchestrator are some 2,400 methods for C2, and still compiling them
                // took a third to a half of both cores through a measure after 10,000 runs, a quarter after
                // 100,000, a tenth after 300,000 or more.
                long warmUpSeconds = submit(producer, watch, "warm", warmUp);
                table.note("warm-up: " + warmUp + " runs in " + warmUpSeconds + " ms (deploys included)");
                Map<String, Long> offsetsBefore = LogOffsets.byTopic(system.kafka());
                StreamThreadTime threadTime = StreamThreadTime.start(system.orchestrator()::streamsMetrics);
                RunCost cost = RunCost.start(system);
                long start = System.nanoTime();
                long before = watch.succeeded();
                submit(producer, watch, "run", runs);
                double seconds = (System.nanoTime() - start) / 1e9;
                cost.stop();
                Map<String, Double> perRunByTopic = new TreeMap<>();
                LogOffsets.byTopic(system.kafka()).forEach((topic, end) ->
                        perRunByTopic.put(topic, (end - offsetsBefore.getOrDefault(topic, 0L)) / (double) runs));
                double perRun = perRunByTopic.values().stream().mapToDouble(Double::doubleValue).sum();
                Map<String, Double> thread = threadTime.shares();
                double baseline = rawKafka(system.kafka(), runs);
                table.row("dry runs completed (Success in event log)", (watch.succeeded() - before) / seconds,
                        "runs/s", "raw Kafka produce->consume records/s", baseline);
                table.row("log offsets written per run", perRun, "recs", "", Double.NaN);
                // where they go: a store's changelog is written once per key and commit, a topic once per record
                perRunByTopic.forEach((topic, n) -> {
                    if (n >= 0.01) {
                        table.row("  of which " + topic, n, "recs");
                    }
                });
                table.row("runs/s if Kafka were the only cost", baseline / perRun, "runs/s");
                table.row("elapsed", seconds, "s");
                thread.forEach((name, share) -> table.row("stream thread: " + name, share * 100, "%"));
                cost.report(table, runners + " dry-run runner(s)", runs);
            }
        }
        table.note("target >= 10,000 runs/s on 2 cores");
        return table;
    }

    /**
     * Sends {@code count} run commands round-robin over the jobs, at most {@link #IN_FLIGHT} not succeeded yet at
     * any time; answers the ms until all succeeded. A flow, not one burst: with every run sent at once the stream
     * thread decided them all long before the runner's reports came, each job queued a hundred runs or more, and
     * which runs a measure's histories dropped depended on where it started and ended (0.5 to 2 forgotten logs
     * per run) rather than on the steady state, where each run ends one older run.
     */
    private long submit(KafkaProducer<String, JobCommand> producer, RunWatch watch, String prefix, int count)
            throws TimeoutException, InterruptedException {
        long start = System.nanoTime();
        long base = watch.succeeded();
        for (int i = 0; i < count; i++) {
            if (i >= IN_FLIGHT) {
                awaitAtLeast(watch, base + i - IN_FLIGHT + 1, timeout);
            }
            String name = "dry-" + (i % jobs);
            producer.send(command(name, prefix + "-" + i, new RunJob(null, "External - bench", null)));
        }
        producer.flush();
        awaitAtLeast(watch, base + count, timeout);
        return (System.nanoTime() - start) / 1_000_000;
    }

    static void awaitAtLeast(RunWatch watch, long target, Duration timeout) throws TimeoutException,
            InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (watch.succeeded() < target) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("only " + watch.succeeded() + " of " + target + " runs succeeded in "
                        + timeout.toSeconds() + " s");
            }
            Thread.sleep(2);
        }
    }

    private static ProducerRecord<String, JobCommand> command(String name, String id, Object payload) {
        return new ProducerRecord<>(Topics.COMMANDS.name(), Topics.jobKey(name),
                new JobCommand(id, Instant.now(), "bench", name, payload, null));
    }

    private static KafkaProducer<String, JobCommand> producer(Map<String, Object> kafka) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, Topics.COMMANDS.keySerde().serializer(),
                Topics.COMMANDS.valueSerde().serializer());
    }

    /** Records/s through the same broker: an idempotent producer to a consumer, 200-byte records. */
    static double rawKafka(Map<String, Object> kafka, int count) throws Exception {
        String topic = "bench.raw";
        try (Admin admin = Admin.create(kafka)) {
            admin.createTopics(List.of(new NewTopic(topic, Topics.JOB_PARTITIONS, (short) 1))).all().get();
        }
        Map<String, Object> consumerProps = new HashMap<>(kafka);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-raw");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Object> producerProps = new HashMap<>(kafka);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        byte[] value = new byte[200];
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            consumer.subscribe(List.of(topic));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(50));
            }
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, Integer.toString(i).getBytes(), value));
            }
            producer.flush();
            long received = 0;
            while (received < count) {
                received += consumer.poll(Duration.ofMillis(50)).count();
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }
}
