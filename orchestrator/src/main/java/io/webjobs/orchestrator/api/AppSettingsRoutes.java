package io.webjobs.orchestrator.api;

import static io.webjobs.orchestrator.api.TriggeredJobRoutes.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.webjobs.contract.AppSettingsPublisher;
import io.webjobs.orchestrator.domain.AppSettings;
import io.webjobs.orchestrator.query.JobQueries;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code GET|PUT /api/v2/settings}: app-wide settings, e.g. {@code {"WEBJOBS_STOPPED": "1"}} stops every
 * job. PUT takes a JSON object of string values (null removes a setting) and answers once the topology
 * sees the new values, so a following request is judged under them.
 */
final class AppSettingsRoutes {

    private static final Duration VISIBLE_TIMEOUT = Duration.ofSeconds(15);

    private final JobQueries queries;
    private final AppSettingsPublisher publisher;

    AppSettingsRoutes(JobQueries queries, AppSettingsPublisher publisher) {
        this.queries = queries;
        this.publisher = publisher;
    }

    void register(Javalin app) {
        app.get("/api/v2/settings", this::get);
        app.put("/api/v2/settings", this::put);
    }

    private void get(Context ctx) {
        json(ctx, 200, new TreeMap<>(queries.appSettings().values()));
    }

    private void put(Context ctx) throws InterruptedException {
        Map<String, String> changes = parse(ctx.body());
        publisher.publish(changes);
        Instant deadline = Instant.now().plus(VISIBLE_TIMEOUT);
        while (!visible(changes, queries.appSettings())) {
            if (Instant.now().isAfter(deadline)) {
                throw new ApiException(503, "The settings were written but the orchestrator did not see them within "
                        + VISIBLE_TIMEOUT.toSeconds() + " s; they may still apply.");
            }
            Thread.sleep(50);
        }
        get(ctx);
    }

    private static boolean visible(Map<String, String> changes, AppSettings current) {
        return changes.entrySet().stream().allMatch(e -> Objects.equals(current.values().get(e.getKey()), e.getValue()));
    }

    private static Map<String, String> parse(String body) {
        JsonNode root;
        try {
            root = KuduJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ApiException(400, "Settings are not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw new ApiException(400, "Settings must be a non-empty JSON object of names to string values.");
        }
        Map<String, String> changes = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (!value.isNull() && !value.isValueNode()) {
                throw new ApiException(400, "Setting '" + field.getKey() + "' must be a string, a number, a boolean or null.");
            }
            changes.put(field.getKey(), value.isNull() ? null : value.asText());
        }
        return changes;
    }
}
