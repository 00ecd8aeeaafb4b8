package io.webjobs.orchestrator.api;

import io.webjobs.orchestrator.domain.Instance;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.schedule.CronPreview;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** What {@code GET /api/v2/jobs/{name}} adds for the current state: next run times, instances, webhook presence. */
final class JobDetail {

    static final int NEXT_RUNS = 5;

    private final Clock clock;
    private final Supplier<ScheduleRules> rules;

    /** {@code rules}: the schedule rules in force (app settings over start-up options). */
    JobDetail(Clock clock, Supplier<ScheduleRules> rules) {
        this.clock = clock;
        this.rules = rules;
    }

    void addTo(Map<String, Object> json, Job job) {
        json.put("next_run_times", CronPreview.next(job, rules.get(), clock.instant(), NEXT_RUNS).stream()
                .map(Instant::toString).toList());
        json.put("instances", job.instances().stream().map(JobDetail::instance).toList());
        json.put("webhook", job.webhookSecretHash() != null);
    }

    private static Map<String, Object> instance(Instance i) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("runner", i.runnerId());
        json.put("status", i.status().name());
        json.put("since", i.since().toString());
        json.put("exit_code", i.exitCode());
        json.put("reason", i.reason());
        json.put("restart_at", i.restartAt() == null ? null : i.restartAt().toString());
        return json;
    }
}
