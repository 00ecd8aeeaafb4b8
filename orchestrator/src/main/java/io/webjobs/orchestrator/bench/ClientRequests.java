package io.webjobs.orchestrator.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Requests each Kafka client of this JVM has sent (a producer's produce requests, a consumer's fetches),
 * from the clients' JMX metrics: which client's requests make up the broker's load per run. Clients of
 * the same role (several runners, one id per instance) count together.
 */
final class ClientRequests {

    private final Map<String, Double> sent;

    private ClientRequests(Map<String, Double> sent) {
        this.sent = sent;
    }

    static ClientRequests now() {
        Map<String, Double> sent = new HashMap<>();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            count(server, "kafka.producer:type=producer-metrics,*", "request-total", "produce", sent);
            count(server, "kafka.consumer:type=consumer-fetch-manager-metrics,*", "fetch-total", "fetch", sent);
        } catch (Exception e) {
            // no metrics registered: nothing to show
        }
        return new ClientRequests(sent);
    }

    private static void count(MBeanServer server, String pattern, String attribute, String kind,
            Map<String, Double> sent) throws Exception {
        for (ObjectName name : server.queryNames(new ObjectName(pattern), null)) {
            String client = name.getKeyProperty("client-id");
            if (client != null && name.getKeyProperty("topic") == null
                    && server.getAttribute(name, attribute) instanceof Number total) {
                sent.merge(kind + " " + role(client), total.doubleValue(), Double::sum);
            }
        }
    }

    /** A client id without what tells instances apart (UUIDs, numbers), so a role's clients add up. */
    static String role(String clientId) {
        return clientId.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "*")
                .replaceAll("\\d+", "N");
    }

    /** Requests sent since {@code before}, by client role, the most first. */
    Map<String, Double> since(ClientRequests before) {
        Map<String, Double> sorted = new LinkedHashMap<>();
        sent.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.sent.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
