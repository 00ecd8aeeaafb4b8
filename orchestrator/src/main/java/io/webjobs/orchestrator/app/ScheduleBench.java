package io.webjobs.orchestrator.app;

import io.webjobs.avro.DeployJob;
import io.webjobs.avro.JobCommand;
import io.webjobs.avro.JobDeployed;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.JobType;
import io.webjobs.avro.RunRequested;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.bench.BenchTable;
import io.webjobs.orchestrator.bench.QuartzSchedules;
import io.webjobs.orchestrator.broker.EmbeddedBroker;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
import io.webjobs.orchestrator.topology.JobTopology;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code webjobs bench schedules}: N dry-run schedules (no runner: run requests are only written) on an
 * embedded broker with the real topology. Lateness is measured from the committed event log as the
 * RunRequested event time minus its due time, and as the time the event became visible (committed)
 * minus its due time; duplicates are two RunRequested for one (job, due time); losses are occurrences in
 * the measured window that never fired. Then, in the same run, the same schedules on Quartz (RAMJobStore)
 * as the baseline. Prints numbers and adds them to a {@link BenchTable}; asserts nothing.
 */
public final class ScheduleBench {

    private final int schedules;
    private final int periodSeconds;
    private final boolean spread;
    private final boolean hold;
    private final Duration measure;
    private final PrintStream out;
    private final Duration timeout;
    private final int streamThreads;
    /** webjobs' figures of the last run, kept until Quartz's are measured to print them side by side */
    private List<Long> webjobsLateness = List.of();
    private List<Long> webjobsVisible = List.of();
    private double webjobsFires = Double.NaN;

    /**
     * @param timeout       how long the deployment of the schedules may take before the bench fails
     * @param streamThreads the orchestrator's Kafka Streams threads (each punctuates its own partitions)
     */
    public ScheduleBench(int schedules, int periodSeconds, boolean spread, boolean hold, Duration measure,
            PrintStream out, Duration timeout, int streamThreads) {
        this.streamThreads = streamThreads;
        this.timeout = timeout;
        this.schedules = schedules;
        this.periodSeconds = periodSeconds;
        this.spread = spread;
        this.hold = hold;
        this.measure = measure;
        this.out = out;
    }

    /** The expression of schedule i: every period, offset by i mod period seconds when spread. */
    String expression(int i) {
        if (hold) {
            return "0 0 0 1 1 *"; // held, not firing: once a year
        }
        if (periodSeconds == 60) {
            return (spread ? i % 60 : 0) + " * * * * *";
        }
        return (spread ? i % periodSeconds : 0) + "/" + periodSeconds + " * * * * *";
    }

    /** Measures webjobs, then Quartz when asked, and adds both to {@code table} (rows named after N). */
    public void run(BenchTable table, boolean quartz) throws Exception {
        if (!hold && (periodSeconds < 1 || 60 % periodSeconds != 0)) {
            throw new IllegalArgumentException("--period must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60)");
        }
        Path dir = Files.createTempDirectory("webjobs-bench");
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("kafka"), 0)) {
            Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
            OrchestratorConfig config = new OrchestratorConfig(kafka, "webjobs-bench", dir.resolve("streams"),
                    "127.0.0.1", 0, new JobRules(3, 120), OrchestratorConfig.DEFAULT_COMMIT_INTERVAL_MS, (short) 1)
                    .withStreamThreads(streamThreads);
            TopicSetup.ensureTopics(kafka, (short) 1);
            Observer observer = new Observer(kafka);
            Thread observing = new Thread(observer, "bench-observer");
            observing.start();
            try (KafkaStreams streams = new KafkaStreams(JobTopology.build(config.rules(), ScheduleRules.DEFAULT),
                    Orchestrator.streamsProperties(config))) {
                streams.start();
                long deployStart = System.nanoTime();
                deploy(kafka);
                long deadline = System.nanoTime() + timeout.toNanos();
                while (observer.deployed.get() < schedules) {
                    if (System.nanoTime() > deadline) {
                        throw new java.util.concurrent.TimeoutException(observer.deployed.get() + " of " + schedules
                                + " schedules deployed in " + timeout.toSeconds() + " s");
                    }
                    Thread.sleep(200);
                }
                double deploySeconds = (System.nanoTime() - deployStart) / 1e9;
                out.printf("deployed %,d schedules in %.1f s (%,.0f/s)%n", schedules, deploySeconds,
                        schedules / deploySeconds);
                // whole seconds: fires are counted per second, the window must not cut one in two
                Instant from = Instant.now().plusSeconds(periodSeconds).truncatedTo(ChronoUnit.SECONDS);
                Instant until = from.plus(measure);
                observer.window(from, until);
                long peakHeap = 0;
                while (Instant.now().isBefore(until.plusSeconds(3))) {
                    Thread.sleep(500);
                    peakHeap = Math.max(peakHeap, usedHeap());
                }
                report(observer, from, until, streams, peakHeap, sizeOf(dir.resolve("streams")));
            } finally {
                observer.stop.set(true);
                observing.join();
            }
        }
        if (quartz && !hold) {
            // after webjobs is closed, so that neither slows the other down
            Instant from = Instant.now().plusSeconds(periodSeconds).truncatedTo(ChronoUnit.SECONDS);
            Instant until = from.plus(measure);
            QuartzSchedules.Fires fires = new QuartzSchedules(schedules, this::expression)
                    .measure(from, until, Duration.ofSeconds(3));
            List<Long> lateness = fires.latenessMillis();
            long expected = expectedFires(from, until);
            out.printf("Quartz %s (RAMJobStore, %d threads), same schedules: fires %,d of %,d expected; duplicates %d%n",
                    QuartzSchedules.version(),
                    QuartzSchedules.THREADS, lateness.size(), expected, fires.duplicates());
            out.println("Quartz lateness, job started - scheduled fire time: " + percentiles(lateness));
            addRows(table, webjobsLateness, webjobsFires, lateness, expected);
        } else {
            addRows(table, webjobsLateness, webjobsFires, null, 0);
        }
    }

    /** One row per figure at this N: webjobs' value, and Quartz's as its baseline when measured. */
    private void addRows(BenchTable table, List<Long> ours, double oursFired, List<Long> quartz, long quartzExpected) {
        String n = String.format("N=%,d, %d stream thread%s", schedules, streamThreads, streamThreads == 1 ? "" : "s");
        List<Double> mine = ours.stream().map(Long::doubleValue).toList();
        List<Double> theirs = quartz == null ? List.of() : quartz.stream().map(Long::doubleValue).toList();
        for (int p : new int[] {50, 99, 100}) {
            String figure = "lateness " + (p == 100 ? "max" : "p" + p) + ", " + n;
            if (quartz == null) {
                table.row(figure, BenchTable.percentile(mine, p), "ms");
            } else {
                table.row(figure, BenchTable.percentile(mine, p), "ms", "Quartz RAMJobStore", BenchTable.percentile(theirs, p));
            }
        }
        table.row("lateness visible (committed) p99, " + n,
                BenchTable.percentile(webjobsVisible.stream().map(Long::doubleValue).toList(), 99), "ms");
        if (quartz == null) {
            table.row("fires / expected, " + n, 100 * oursFired, "%");
        } else {
            table.row("fires / expected, " + n, 100 * oursFired, "%", "Quartz RAMJobStore",
                    quartzExpected == 0 ? Double.NaN : 100.0 * quartz.size() / quartzExpected);
        }
    }

    private void deploy(Map<String, Object> kafka) {
        try (KafkaProducer<String, JobCommand> producer = new KafkaProducer<>(new HashMap<>(kafka),
                Topics.COMMANDS.keySerde().serializer(), Topics.COMMANDS.valueSerde().serializer())) {
            Instant now = Instant.now();
            for (int i = 0; i < schedules; i++) {
                String name = "bench-" + i;
                String settings = "{\"schedule\":\"" + expression(i) + "\",\"concurrency\":\"allow\"}";
                producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), Topics.jobKey(name), new JobCommand(
                        "deploy-" + i, now, "bench", name, new DeployJob(name, JobType.triggered, "sha256:bench", 0L,
                        "run.sh", settings), null)));
            }
        }
    }

    private void report(Observer observer, Instant from, Instant until, KafkaStreams streams, long peakHeap,
            long stateBytes) {
        double seconds = Duration.between(from, until).toMillis() / 1000.0;
        long expected = hold ? 0 : expectedFires(from, until);
        List<Long> byEventTime = observer.lateness(false);
        List<Long> visible = observer.lateness(true);
        webjobsLateness = byEventTime;
        webjobsVisible = visible;
        webjobsFires = expected == 0 ? Double.NaN : (double) byEventTime.size() / expected;
        out.printf("schedules %,d, period %d s (%s), measured %.0f s%n", schedules, periodSeconds,
                hold ? "held, not firing" : spread ? "spread over the period" : "all at once", seconds);
        out.printf("fires %,d of %,d expected: %.1f/s (expected %.1f/s); duplicates %d; losses %d%n",
                byEventTime.size(), expected, byEventTime.size() / seconds, expected / seconds, observer.duplicates(),
                Math.max(0, expected - byEventTime.size()));
        out.println("lateness, RunRequested event time - due time: " + percentiles(byEventTime));
        out.println("lateness, event committed (visible)  - due time: " + percentiles(visible));
        out.printf("heap used: %,d MB now, %,d MB peak; state dir (RocksDB files) %,d KB%n", usedHeap() >> 20, peakHeap >> 20,
                stateBytes >> 10);
        for (Map.Entry<MetricName, ? extends Metric> m : streams.metrics().entrySet()) {
            String name = m.getKey().name();
            if (m.getKey().group().equals("stream-thread-metrics")
                    && (name.equals("punctuate-latency-avg") || name.equals("punctuate-latency-max")
                    || name.equals("punctuate-rate"))) {
                out.printf("%s: %s%n", name, m.getValue().metricValue());
            }
        }
    }

    private long expectedFires(Instant from, Instant until) {
        long perSchedule = 0;
        long total = 0;
        for (int offset = 0; offset < periodSeconds; offset++) {
            int count = spread ? schedules / periodSeconds + (offset < schedules % periodSeconds ? 1 : 0)
                    : offset == 0 ? schedules : 0;
            perSchedule = 0;
            for (long s = from.getEpochSecond(); s < until.getEpochSecond(); s++) {
                if (s % periodSeconds == offset) {
                    perSchedule++;
                }
            }
            total += perSchedule * count;
        }
        return total;
    }

    private static long sizeOf(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static String percentiles(List<Long> values) {
        if (values.isEmpty()) {
            return "n/a (no fires)";
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format("p50 %d ms, p99 %d ms, max %d ms", sorted.get(sorted.size() / 2),
                sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)),
                sorted.get(sorted.size() - 1));
    }

    /** Reads the committed event log: counts deployments, and records each RunRequested due in the window. */
    private static final class Observer implements Runnable {
        final AtomicLong deployed = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        private final Map<String, Object> kafka;
        private final List<long[]> fires = Collections.synchronizedList(new ArrayList<>());
        private final Set<String> seen = Collections.synchronizedSet(new HashSet<>());
        private final AtomicLong duplicates = new AtomicLong();
        private volatile Instant from = Instant.MAX;
        private volatile Instant until = Instant.MAX;

        Observer(Map<String, Object> kafka) {
            this.kafka = kafka;
        }

        void window(Instant start, Instant end) {
            this.from = start;
            this.until = end;
        }

        long duplicates() {
            return duplicates.get();
        }

        List<Long> lateness(boolean visible) {
            synchronized (fires) {
                return fires.stream().map(f -> visible ? f[2] - f[0] : f[1] - f[0]).toList();
            }
        }

        @Override
        public void run() {
            Map<String, Object> props = new HashMap<>(kafka);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
            try (KafkaConsumer<String, JobEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                    Topics.EVENTS.valueSerde().deserializer())) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (int p = 0; p < Topics.JOB_PARTITIONS; p++) {
                    partitions.add(new TopicPartition(Topics.EVENTS.name(), p));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (!stop.get()) {
                    for (ConsumerRecord<String, JobEvent> record : consumer.poll(Duration.ofMillis(100))) {
                        long received = System.currentTimeMillis();
                        Object payload = record.value().getPayload();
                        if (payload instanceof JobDeployed) {
                            deployed.incrementAndGet();
                        } else if (payload instanceof RunRequested r && r.getDueAt() != null) {
                            Instant due = r.getDueAt();
                            if (!seen.add(record.key() + "@" + due.toEpochMilli())) {
                                duplicates.incrementAndGet();
                            } else if (!due.isBefore(from) && due.isBefore(until)) {
                                fires.add(new long[] {due.toEpochMilli(), record.value().getAt().toEpochMilli(), received});
                            }
                        }
                    }
                }
            }
        }
    }
}
