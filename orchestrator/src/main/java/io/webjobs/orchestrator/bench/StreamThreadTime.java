package io.webjobs.orchestrator.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Where the stream thread's time goes, from its own metrics. Streams records, after each loop, the share
 * of that loop spent polling, processing, punctuating and committing ({@code *-ratio}); a sampler
 * averages those shares over the measure. (Counts times the windowed average latency, the estimate
 * this replaced, weighed every loop alike whatever it processed and came to 298 % for processing.)
 * The ratio metrics are looked up once: {@code KafkaStreams#metrics()} copies every client's metrics
 * (thousands, per task and store), and copying that every 5 ms took a core and starved the measure.
 */
final class StreamThreadTime implements AutoCloseable {

    private static final List<String> OPERATIONS = List.of("poll", "process", "punctuate", "commit");
    private static final long SAMPLE_EVERY_MILLIS = 5;

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    /** The stream threads' {@code *-ratio} metrics, by operation; found on the first sample. */
    private Map<Metric, String> ratios;
    private final Map<String, Double> sums = new LinkedHashMap<>();
    private final Thread sampler;
    private volatile boolean sampling = true;
    private long samples;

    private StreamThreadTime(Supplier<Map<MetricName, ? extends Metric>> metrics) {
        this.metrics = metrics;
        this.sampler = new Thread(this::sample, "bench-stream-thread-time");
        sampler.setDaemon(true);
    }

    /** Starts sampling the shares until {@link #shares}. */
    static StreamThreadTime start(Supplier<Map<MetricName, ? extends Metric>> metrics) {
        StreamThreadTime time = new StreamThreadTime(metrics);
        time.sampler.start();
        return time;
    }

    /** How many of each operation the stream thread has done. */
    static Map<String, Double> totals(Map<MetricName, ? extends Metric> metrics) {
        return read(metrics, "-total");
    }

    /** Stops sampling; the mean share of the thread's time in each operation since {@link #start}, 0 to 1. */
    Map<String, Double> shares() throws InterruptedException {
        close();
        if (samples == 0) {
            takeSample(); // a measure shorter than the sampler's start
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        synchronized (sums) {
            for (String op : OPERATIONS) {
                shares.put(op, sums.getOrDefault(op, 0.0) / samples);
            }
        }
        return shares;
    }

    @Override
    public void close() throws InterruptedException {
        sampling = false;
        sampler.join();
    }

    private void sample() {
        while (sampling) {
            takeSample();
            try {
                Thread.sleep(SAMPLE_EVERY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void takeSample() {
        if (ratios == null || ratios.isEmpty()) {
            ratios = find(metrics.get(), "-ratio");
        }
        synchronized (sums) {
            ratios.forEach((metric, op) -> sums.merge(op, valueOf(metric), Double::sum));
            samples++;
        }
    }

    private static Map<String, Double> read(Map<MetricName, ? extends Metric> metrics, String suffix) {
        Map<String, Double> values = new LinkedHashMap<>();
        find(metrics, suffix).forEach((metric, op) -> values.merge(op, valueOf(metric), Double::sum));
        return values;
    }

    /** The stream-thread metrics named operation + suffix, each with its operation. */
    private static Map<Metric, String> find(Map<MetricName, ? extends Metric> metrics, String suffix) {
        Map<Metric, String> found = new LinkedHashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> m : metrics.entrySet()) {
            if (!m.getKey().group().equals("stream-thread-metrics")) {
                continue;
            }
            for (String op : OPERATIONS) {
                if (m.getKey().name().equals(op + suffix)) {
                    found.put(m.getValue(), op);
                }
            }
        }
        return found;
    }

    private static double valueOf(Metric metric) {
        Object value = metric.metricValue();
        return value instanceof Number n && !Double.isNaN(n.doubleValue()) ? n.doubleValue() : 0.0;
    }
}
