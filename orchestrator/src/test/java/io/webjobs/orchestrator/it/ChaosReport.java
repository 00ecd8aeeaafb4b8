package io.webjobs.orchestrator.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * What a chaos test measured: printed always ({@code chaos: … in 4.2 s}); also merged into the JSON file named
 * by {@code -Dwebjobs.chaos.report=PATH} when given (e.g. {@code docs/bench/chaos.json}), never by default so
 * a plain build writes nothing into the repository. Figures only: no test asserts on them.
 */
final class ChaosReport {

    static final String PROPERTY = "webjobs.chaos.report";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChaosReport() {
    }

    static synchronized void recovery(String key, String what, Duration took) {
        double seconds = took.toMillis() / 1000.0;
        System.out.printf("chaos: %s in %.1f s%n", what, seconds);
        String target = System.getProperty(PROPERTY);
        if (target == null || target.isBlank()) {
            return;
        }
        Path file = Path.of(target);
        try {
            ObjectNode report = Files.exists(file) ? (ObjectNode) JSON.readTree(file.toFile()) : JSON.createObjectNode();
            report.put("cores", Runtime.getRuntime().availableProcessors());
            report.put("java", System.getProperty("java.version"));
            ObjectNode recoveries = report.has("recoveries") ? (ObjectNode) report.get("recoveries")
                    : report.putObject("recoveries");
            ObjectNode figure = recoveries.putObject(key);
            figure.put("what", what);
            figure.put("seconds", seconds);
            figure.put("at", Instant.now().toString());
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), report);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chaos report " + file, e);
        }
    }
}
