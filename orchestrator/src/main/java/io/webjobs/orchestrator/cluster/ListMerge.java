package io.webjobs.orchestrator.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges the answers each instance gives from the jobs it owns into the one answer a single instance would
 * give. Pure (JSON in, JSON out), so the order (Kudu's: by name, triggered before continuous) and the
 * tie-breaks are decided here and tested without a cluster.
 */
public final class ListMerge {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ListMerge() {
    }

    public static String merge(QueryRoute.Kind kind, List<String> answers) {
        List<JsonNode> parsed = answers.stream().map(ListMerge::parse).toList();
        JsonNode merged = switch (kind) {
            case JOBS -> jobs(parsed, false);
            case ALL_JOBS -> jobs(parsed, true);
            case RUNNERS -> runners(parsed);
            case VERIFY -> verify(parsed);
            default -> throw new IllegalArgumentException(kind + " is not a merged list");
        };
        return write(merged);
    }

    /**
     * Jobs by name (case-insensitively, as names match); a job listed twice (an answer taken while its partition
     * moved) appears once, as the first answer has it.
     */
    static ArrayNode jobs(List<JsonNode> answers, boolean triggeredFirst) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode answer : answers) {
            answer.forEach(job -> byName.putIfAbsent(key(job), job));
        }
        List<JsonNode> all = new ArrayList<>(byName.values());
        Comparator<JsonNode> byKey = Comparator.comparing(ListMerge::key);
        all.sort(triggeredFirst
                ? Comparator.comparing((JsonNode j) -> "continuous".equals(j.path("type").asText())).thenComparing(byKey)
                : byKey);
        ArrayNode out = MAPPER.createArrayNode();
        all.forEach(out::add);
        return out;
    }

    /** Runners are global (every instance lists them all); the continuous instances each one runs are per job. */
    static ArrayNode runners(List<JsonNode> answers) {
        Map<String, ObjectNode> byId = new TreeMap<>();
        Map<String, List<String>> instances = new TreeMap<>();
        for (JsonNode answer : answers) {
            for (JsonNode runner : answer) {
                String id = runner.path("id").asText();
                byId.putIfAbsent(id, runner.deepCopy());
                List<String> lines = instances.computeIfAbsent(id, k -> new ArrayList<>());
                runner.path("instances").forEach(line -> {
                    if (!lines.contains(line.asText())) {
                        lines.add(line.asText());
                    }
                });
            }
        }
        ArrayNode out = MAPPER.createArrayNode();
        byId.forEach((id, runner) -> {
            ArrayNode lines = runner.putArray("instances");
            instances.get(id).stream().sorted(Comparator.comparing(l -> l.toLowerCase(Locale.ROOT))).forEach(lines::add);
            out.add(runner);
        });
        return out;
    }

    /** Every instance replays the whole log and checks the jobs it owns: the differences add up, the log is the same. */
    static ObjectNode verify(List<JsonNode> answers) {
        long events = 0;
        long skipped = 0;
        long jobs = 0;
        List<String> differences = new ArrayList<>();
        for (JsonNode answer : answers) {
            events = Math.max(events, answer.path("events").asLong());
            skipped = Math.max(skipped, answer.path("skipped_records").asLong());
            jobs += answer.path("jobs").asLong();
            answer.path("differences").forEach(d -> differences.add(d.asText()));
        }
        differences.sort(Comparator.naturalOrder());
        ObjectNode out = MAPPER.createObjectNode();
        out.put("events", events);
        out.put("skipped_records", skipped);
        out.put("jobs", jobs);
        ArrayNode list = out.putArray("differences");
        differences.forEach(list::add);
        return out;
    }

    private static String key(JsonNode job) {
        return job.path("name").asText().toLowerCase(Locale.ROOT);
    }

    private static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("an instance answered a list with something that is not JSON", e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
