package io.webjobs.orchestrator.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Requests the embedded broker (same JVM) has served, by type, and the time its request handlers spent
 * on each type ({@code LocalTimeMs}: count times mean), from its JMX request metrics: with
 * {@link ThreadCpu} says what the broker's share of a run's CPU is spent on.
 */
final class BrokerRequests {

    /** Requests and handler milliseconds of one request type. */
    record Load(long requests, double handlerMs) {
    }

    private final Map<String, Load> loads;

    private BrokerRequests(Map<String, Load> loads) {
        this.loads = loads;
    }

    static BrokerRequests now() {
        Map<String, Load> loads = new HashMap<>();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            for (ObjectName name : server.queryNames(
                    new ObjectName("kafka.network:type=RequestMetrics,name=LocalTimeMs,*"), null)) {
                String request = name.getKeyProperty("request");
                // FetchConsumer and FetchFollower count the same fetches again, split by who asks
                if (request.equals("FetchConsumer") || request.equals("FetchFollower")) {
                    continue;
                }
                if (server.getAttribute(name, "Count") instanceof Number count
                        && server.getAttribute(name, "Mean") instanceof Number mean) {
                    loads.merge(request, new Load(count.longValue(), count.longValue() * mean.doubleValue()),
                            (a, b) -> new Load(a.requests + b.requests, a.handlerMs + b.handlerMs));
                }
            }
        } catch (Exception e) {
            // no broker in this JVM or no metrics: nothing to show
        }
        return new BrokerRequests(loads);
    }

    /** What was served since {@code before}, by type, the most handler time first. */
    Map<String, Load> since(BrokerRequests before) {
        Map<String, Load> sorted = new LinkedHashMap<>();
        loads.entrySet().stream()
                .map(e -> {
                    Load was = before.loads.getOrDefault(e.getKey(), new Load(0, 0));
                    return Map.entry(e.getKey(), new Load(e.getValue().requests - was.requests,
                            e.getValue().handlerMs - was.handlerMs));
                })
                .filter(e -> e.getValue().requests > 0)
                .sorted((a, b) -> Double.compare(b.getValue().handlerMs, a.getValue().handlerMs))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
