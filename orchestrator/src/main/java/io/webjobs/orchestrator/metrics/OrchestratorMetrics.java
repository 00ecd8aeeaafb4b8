package io.webjobs.orchestrator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.webjobs.avro.JobEvent;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.query.JobQueries;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's Prometheus registry, scraped at {@code /metrics}: run and command meters from the
 * committed event log (followed from its end when the process starts), live runners, the Kafka Streams
 * client's metrics (consumer lag: {@code kafka_consumer_fetch_manager_records_lag_max}) and the JVM.
 */
public final class OrchestratorMetrics implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OrchestratorMetrics.class);

    private final PrometheusMeterRegistry registry = registry();
    private final KafkaStreamsMetrics streamsMetrics;
    private final KafkaConsumer<String, byte[]> consumer;
    private final RunEventMeter meter = new RunEventMeter(registry);
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread follower;

    private OrchestratorMetrics(Map<String, Object> kafka, KafkaStreams streams, JobQueries queries, Clock clock) {
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        Gauge.builder("webjobs.runners.live", () -> liveRunners(queries, clock))
                .description("runners whose last heartbeat is within the liveness timeout").register(registry);
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Counters scraped every few seconds need no record at once: fetching in batches of up to half a
        // second spares the broker a fetch per event under load (about one in five of a run's fetches).
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "webjobs-metrics-" + Integer.toHexString(System.identityHashCode(this)));
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < Topics.EVENTS.partitions(); p++) {
            partitions.add(new TopicPartition(Topics.EVENTS.name(), p));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        follower = new Thread(this::follow, "webjobs-metrics");
        follower.setDaemon(true);
    }

    /** Filters come before the first meter: Micrometer applies a filter only to meters registered after it. */
    private static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new StoreTags());
        return registry;
    }

    public static OrchestratorMetrics start(Map<String, Object> kafka, KafkaStreams streams, JobQueries queries,
            Clock clock) {
        OrchestratorMetrics metrics = new OrchestratorMetrics(kafka, streams, queries, clock);
        metrics.follower.start();
        return metrics;
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    private static double liveRunners(JobQueries queries, Clock clock) {
        try {
            return queries.liveRunners(clock.instant()).size();
        } catch (RuntimeException e) {
            return Double.NaN; // stores not ready (starting, rebalancing)
        }
    }

    private void follow() {
        try {
            while (!stop.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    meter.record(decode(record));
                }
            }
        } catch (WakeupException stopping) {
            // close() was called
        } catch (RuntimeException e) {
            log.error("metrics stopped following the event log", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private static JobEvent decode(ConsumerRecord<String, byte[]> record) {
        try {
            return Topics.EVENTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            return null; // a poison record is the dead-letter handler's business, not a metric
        }
    }

    @Override
    public void close() {
        stop.set(true);
        consumer.wakeup();
        try {
            follower.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streamsMetrics.close();
        registry.close();
    }
}
