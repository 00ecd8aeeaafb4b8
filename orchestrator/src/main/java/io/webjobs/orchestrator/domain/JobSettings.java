package io.webjobs.orchestrator.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The settings.job keys the orchestrator acts on. As in Kudu, a wrongly typed value falls back to
 * its default rather than failing the job.
 *
 * @param singleton           {@code is_singleton}: run on exactly one live runner
 * @param instances           {@code instances}: run on at most K live runners (ours, beyond Kudu); 0 = not set
 * @param stoppingWaitSeconds {@code stopping_wait_time}: SIGTERM-to-kill grace on stop (default 5)
 */
public record JobSettings(boolean singleton, int instances, int stoppingWaitSeconds) {

    public static final int DEFAULT_STOPPING_WAIT_SECONDS = 5;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static JobSettings parse(String settingsJson) {
        JsonNode root;
        try {
            root = settingsJson == null ? null : MAPPER.readTree(settingsJson);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            return new JobSettings(false, 0, DEFAULT_STOPPING_WAIT_SECONDS);
        }
        JsonNode singleton = root.path("is_singleton");
        JsonNode instances = root.path("instances");
        JsonNode wait = root.path("stopping_wait_time");
        return new JobSettings(singleton.isBoolean() && singleton.booleanValue(),
                instances.isInt() && instances.intValue() > 0 ? instances.intValue() : 0,
                wait.isInt() && wait.intValue() >= 0 ? wait.intValue() : DEFAULT_STOPPING_WAIT_SECONDS);
    }

    /**
     * The settings with a scale applied: {@code single} sets {@code is_singleton}, {@code multi} clears
     * both keys, a number K sets {@code instances}. Empty when the scale is none of these.
     */
    public static java.util.Optional<String> withScale(String settingsJson, String scale) {
        com.fasterxml.jackson.databind.node.ObjectNode root;
        try {
            JsonNode parsed = settingsJson == null ? null : MAPPER.readTree(settingsJson);
            root = parsed != null && parsed.isObject() ? (com.fasterxml.jackson.databind.node.ObjectNode) parsed
                    : MAPPER.createObjectNode();
        } catch (IOException e) {
            root = MAPPER.createObjectNode();
        }
        root.remove("is_singleton");
        root.remove("instances");
        if (scale.equalsIgnoreCase("single")) {
            root.put("is_singleton", true);
        } else if (scale.matches("[1-9][0-9]{0,3}")) {
            root.put("instances", Integer.parseInt(scale));
        } else if (!scale.equalsIgnoreCase("multi")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(root.toString());
    }

    /** How many runners should run the job when {@code live} runners are up: multi is all of them. */
    public int targetInstances(int live) {
        if (singleton) {
            return Math.min(1, live);
        }
        return instances > 0 ? Math.min(instances, live) : live;
    }
}
