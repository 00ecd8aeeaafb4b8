package io.webjobs.orchestrator.api;

import static io.webjobs.orchestrator.api.TriggeredJobRoutes.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.webjobs.contract.AppSettingsPublisher;
import io.webjobs.orchestrator.domain.AppSettings;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
import io.webjobs.orchestrator.query.JobQueries;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET|PUT /api/v2/settings} and {@code DELETE /api/v2/settings/{name}}: app-wide settings, e.g.
 * {@code {"WEBJOBS_STOPPED": "1"}} stops every job, any other name is an environment variable of every job
 * process. PUT takes a JSON object of string values (null removes a setting); every name and value is
 * checked first, so a bad one changes nothing. PUT and DELETE answer once the topology sees the new values,
 * so a following request is judged under them. GET shows the values in force: the built-in settings always,
 * from the start-up options when not set.
 */
final class AppSettingsRoutes {

    private static final Duration VISIBLE_TIMEOUT = Duration.ofSeconds(15);

    private final JobQueries queries;
    private final AppSettingsPublisher publisher;
    private final ScheduleRules scheduleStartUp;
    private final JobRules jobStartUp;

    AppSettingsRoutes(JobQueries queries, AppSettingsPublisher publisher, ScheduleRules scheduleStartUp,
            JobRules jobStartUp) {
        this.queries = queries;
        this.publisher = publisher;
        this.scheduleStartUp = scheduleStartUp;
        this.jobStartUp = jobStartUp;
    }

    void register(Javalin app) {
        app.get("/api/v2/settings", this::get);
        app.put("/api/v2/settings", this::put);
        app.delete("/api/v2/settings/{name}", this::delete);
    }

    private void get(Context ctx) {
        json(ctx, 200, queries.appSettings().effective(scheduleStartUp, jobStartUp));
    }

    private void put(Context ctx) throws InterruptedException {
        change(ctx, parse(ctx.body()));
    }

    private void delete(Context ctx) throws InterruptedException {
        String name = ctx.pathParam("name");
        AppSettings.nameProblem(name).ifPresent(problem -> {
            throw new ProblemException(400, "invalid_setting", problem);
        });
        if (!queries.appSettings().values().containsKey(name)) {
            throw new ProblemException(404, "not_found", "No app setting named '" + name + "' is set.");
        }
        Map<String, String> removal = new LinkedHashMap<>();
        removal.put(name, null);
        change(ctx, removal);
    }

    private void change(Context ctx, Map<String, String> changes) throws InterruptedException {
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
            throw new ProblemException(400, "invalid_json", "Settings are not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw new ProblemException(400, "invalid_settings",
                    "Settings must be a non-empty JSON object of names to string values.");
        }
        Map<String, String> changes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (!value.isNull() && !value.isValueNode()) {
                throw new ProblemException(400, "invalid_setting",
                        "Setting '" + field.getKey() + "' must be a string, a number, a boolean or null.");
            }
            String text = value.isNull() ? null : value.asText();
            Optional<String> problem = AppSettings.problem(field.getKey(), text);
            if (problem.isPresent()) {
                throw new ProblemException(400, "invalid_setting", problem.get());
            }
            changes.put(field.getKey(), text);
        }
        return changes;
    }
}
