package io.webjobs.orchestrator.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.webjobs.orchestrator.domain.schedule.CronExpression;
import io.webjobs.orchestrator.domain.schedule.CronPreview;
import io.webjobs.orchestrator.domain.schedule.InvalidCronException;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /api/v2/cron?expression=…&count=5&tz=…}: the next fire times of an NCRONTAB expression, or why it is invalid. */
final class CronRoutes {

    private final Clock clock;
    private final Supplier<ScheduleRules> rules;

    CronRoutes(Clock clock, Supplier<ScheduleRules> rules) {
        this.clock = clock;
        this.rules = rules;
    }

    void register(Javalin app) {
        app.get("/api/v2/cron", this::preview);
    }

    private void preview(Context ctx) {
        String expression = ctx.queryParam("expression");
        if (expression == null || expression.isBlank()) {
            throw new ProblemException(400, "missing_expression", "Give the expression as ?expression=…");
        }
        int count = count(ctx.queryParam("count"));
        ZoneId zone = zone(ctx.queryParam("tz"));
        CronExpression cron;
        try {
            cron = CronExpression.parse(expression);
        } catch (InvalidCronException e) {
            throw new ProblemException(400, "invalid_cron", e.getMessage());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("expression", expression);
        json.put("time_zone", zone.getId());
        json.put("next", CronPreview.next(cron, clock.instant(), zone, count).stream().map(Instant::toString).toList());
        TriggeredJobRoutes.json(ctx, 200, json);
    }

    private static int count(String text) {
        if (text == null) {
            return 5;
        }
        try {
            int count = Integer.parseInt(text);
            if (count >= 1 && count <= CronPreview.MAX_COUNT) {
                return count;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(400, "bad_count", "count must be a whole number from 1 to " + CronPreview.MAX_COUNT + ".");
    }

    private ZoneId zone(String tz) {
        if (tz == null || tz.isBlank()) {
            return rules.get().defaultZone();
        }
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw new ProblemException(400, "bad_time_zone", "Unknown time zone '" + tz + "'.");
        }
    }
}
