package io.webjobs.orchestrator.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Where the stream thread's time goes, from its own metrics: the operations (poll, process, punctuate,
 * commit) done during the measure times their recent average latency. The averages are windowed by
 * Kafka's metrics, so this is an estimate, good enough to say which one dominates.
 */
final class StreamThreadTime {

    private static final List<String> OPERATIONS = List.of("poll", "process", "punctuate", "commit");

    private StreamThreadTime() {
    }

    /** How many of each operation the stream thread has done. */
    static Map<String, Double> totals(Map<MetricName, ? extends Metric> metrics) {
        return read(metrics, "-total");
    }

    /** Estimated milliseconds in each operation since {@code before} was read. */
    static Map<String, Double> since(Map<String, Double> before, Map<MetricName, ? extends Metric> metrics) {
        Map<String, Double> counts = read(metrics, "-total");
        Map<String, Double> averages = read(metrics, "-latency-avg");
        Map<String, Double> ms = new LinkedHashMap<>();
        for (String op : OPERATIONS) {
            double done = counts.getOrDefault(op, 0.0) - before.getOrDefault(op, 0.0);
            ms.put(op, Math.max(0, done) * averages.getOrDefault(op, 0.0));
        }
        return ms;
    }

    private static Map<String, Double> read(Map<MetricName, ? extends Metric> metrics, String suffix) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> m : metrics.entrySet()) {
            if (!m.getKey().group().equals("stream-thread-metrics")) {
                continue;
            }
            for (String op : OPERATIONS) {
                if (m.getKey().name().equals(op + suffix)) {
                    Object value = m.getValue().metricValue();
                    double v = value instanceof Number n && !Double.isNaN(n.doubleValue()) ? n.doubleValue() : 0.0;
                    values.merge(op, v, Double::sum);
                }
            }
        }
        return values;
    }
}
