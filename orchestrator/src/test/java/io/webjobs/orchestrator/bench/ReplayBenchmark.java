package io.webjobs.orchestrator.bench;

import io.webjobs.avro.JobDeployed;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobType;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunStatusChanged;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.audit.AuditEntry;
import io.webjobs.orchestrator.audit.AuditFilter;
import io.webjobs.orchestrator.audit.EventLogReplay;
import io.webjobs.orchestrator.audit.ReplayedJobs;
import io.webjobs.orchestrator.broker.EmbeddedBroker;
import io.webjobs.orchestrator.domain.JobFold;
import io.webjobs.orchestrator.domain.JobRules;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Replay rates over {@code webjobs.events} on the embedded broker (a benchmark that prints numbers, not a
 * test): the raw consumer read of the topic, then audit (decode, filter, format every line), and a full
 * state rebuild as {@code verify} does it (decode and fold every job), in the same run.
 * <pre>java -cp "orchestrator/target/test-classes:orchestrator/target/classes:…" \
 *   io.webjobs.orchestrator.bench.ReplayBenchmark 1000000</pre>
 */
public final class ReplayBenchmark {

    private static final int JOBS = 1_000;

    private ReplayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("webjobs-bench");
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, 0)) {
            Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
            try (Admin admin = Admin.create(kafka)) {
                admin.createTopics(List.of(Topics.EVENTS.newTopic((short) 1))).all().get();
            }
            long start = System.nanoTime();
            produce(kafka, events);
            System.out.printf("wrote %,d events in %.1f s%n", events, seconds(start));
            for (int round = 1; round <= 3; round++) {
                System.out.printf("round %d%n", round);
                report("raw consumer read", events, () -> rawRead(kafka));
                report("decode only", events, () -> new EventLogReplay(kafka).replay(null, null,
                        EventLogReplay.Progress.NONE, e -> { }).events());
                report("audit (decode, filter, format)", events, () -> audit(kafka));
                report("verify / full state rebuild (decode, fold)", events, () -> rebuild(kafka));
            }
        }
    }

    private interface Replay {
        long run() throws Exception;
    }

    private static void report(String name, int expected, Replay replay) throws Exception {
        long start = System.nanoTime();
        long count = replay.run();
        double s = seconds(start);
        System.out.printf("  %-45s %,10d events in %6.2f s = %,10.0f events/s%s%n", name, count, s, count / s,
                count == expected ? "" : "  (expected " + expected + ")");
    }

    private static long rawRead(Map<String, Object> kafka) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        props.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, 4 * 1024 * 1024);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            long read = 0;
            long bytes = 0;
            while (read < total) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    read++;
                    bytes += record.value().length;
                }
            }
            return bytes >= 0 ? read : -1;
        }
    }

    private static long audit(Map<String, Object> kafka) {
        AuditFilter all = new AuditFilter(null, null, null, Set.of());
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        AtomicLong lines = new AtomicLong();
        new EventLogReplay(kafka).replay(null, null, EventLogReplay.Progress.NONE, event -> {
            if (all.accepts(event)) {
                sink.println(AuditEntry.of(event).line());
                lines.incrementAndGet();
            }
        });
        return lines.get();
    }

    private static long rebuild(Map<String, Object> kafka) {
        ReplayedJobs jobs = new ReplayedJobs(new JobFold(new JobRules(50, 120)));
        EventLogReplay.Totals totals = new EventLogReplay(kafka).replay(null, null, EventLogReplay.Progress.NONE, jobs);
        if (jobs.all().size() != JOBS) {
            throw new IllegalStateException("rebuilt " + jobs.all().size() + " jobs, expected " + JOBS);
        }
        return totals.events();
    }

    /** Per job: a deploy, then runs of three events each (requested, Running, Success), jobs interleaved. */
    private static void produce(Map<String, Object> kafka, int events) throws Exception {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        var serializer = Topics.EVENTS.valueSerde().serializer();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                int job = i % JOBS;
                int step = i / JOBS;
                String name = "job-" + job;
                Instant at = t0.plusMillis(i);
                Object payload;
                if (step == 0) {
                    payload = new JobDeployed(name, JobType.triggered, "sha256:abc", 1024L, "run.sh", "{}");
                } else {
                    String runId = String.format("%017d", (step - 1) / 3);
                    payload = switch ((step - 1) % 3) {
                        case 0 -> new RunRequested(runId, null, "External - bench", null, null);
                        case 1 -> new RunStatusChanged(runId, RunStatus.Running, null, null, "runner-1");
                        default -> new RunStatusChanged(runId, RunStatus.Success, 0, null, "runner-1");
                    };
                }
                JobEvent event = new JobEvent("e" + i, name, at, "c" + i, "bench", payload, "corr-" + i);
                producer.send(new ProducerRecord<>(Topics.EVENTS.name(), null, at.toEpochMilli(), name,
                        serializer.serialize(Topics.EVENTS.name(), event)));
            }
            producer.flush();
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
