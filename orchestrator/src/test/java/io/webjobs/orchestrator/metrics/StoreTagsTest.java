package io.webjobs.orchestrator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** Stores of every kind share one set of tag keys, so Prometheus exports all of them. */
class StoreTagsTest {

    @Test
    void shouldExportTheSameStateMetricOfAKeyValueAndAWindowStore() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new StoreTags());

        Gauge.builder("kafka.stream.state.oldest.iterator.open.since.ms", () -> 1).tag("rocksdb.window.state.id", "ledger")
                .tag("task.id", "0_1").register(registry);
        Gauge.builder("kafka.stream.state.oldest.iterator.open.since.ms", () -> 2).tag("rocksdb.state.id", "jobs")
                .tag("task.id", "0_1").register(registry);

        assertThat(registry.scrape())
                .contains("kafka_stream_state_oldest_iterator_open_since_ms{store=\"ledger\",task_id=\"0_1\"} 1")
                .contains("kafka_stream_state_oldest_iterator_open_since_ms{store=\"jobs\",task_id=\"0_1\"} 2");
    }

    @Test
    void shouldLeaveOtherMetricsAlone() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new StoreTags());

        Gauge.builder("kafka.consumer.records.lag", () -> 3).tag("client.state.id", "c").register(registry);

        assertThat(registry.scrape()).contains("kafka_consumer_records_lag{client_state_id=\"c\"} 3");
    }
}
