package io.webjobs.orchestrator.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.webjobs.orchestrator.audit.EventLogReplay;
import io.webjobs.orchestrator.audit.PointInTime;
import io.webjobs.orchestrator.audit.ReplayedJobs;
import io.webjobs.orchestrator.audit.StateDifferences;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.JobFold;
import io.webjobs.orchestrator.domain.Run;
import io.webjobs.orchestrator.query.JobQueries;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The v2 routes over the event log: a job as it was at a point in time ({@code GET /api/v2/jobs/{name}?as_of=T},
 * replayed with the topology's fold) and {@code GET /api/v2/verify} (the whole log replayed and compared
 * with the live store). Errors are {@code {"error", "detail"}}.
 */
public final class AuditRoutes {

    /** The store is written before the transaction that carries its events commits; give the log a moment. */
    private static final int VERIFY_ATTEMPTS = 3;
    private static final long VERIFY_RETRY_MILLIS = 300;

    private final EventLogReplay replay;
    private final JobFold fold;
    private final JobQueries queries;

    /** Set once when the routes are registered; null for the as-of view, which has no future. */
    private JobDetail detail;
    /** On a cluster each instance verifies the jobs whose partitions it owns (the lists are merged). */
    private java.util.function.Predicate<String> ownedHere = key -> true;

    AuditRoutes(EventLogReplay replay, JobFold fold, JobQueries queries) {
        this.replay = replay;
        this.fold = fold;
        this.queries = queries;
    }

    void verifyOnly(java.util.function.Predicate<String> ownedHere) {
        this.ownedHere = ownedHere;
    }

    void register(Javalin app, JobDetail detail) {
        this.detail = detail;
        app.get("/api/v2/jobs/{name}", this::job);
        app.get("/api/v2/verify", this::verify);
        app.exception(ProblemException.class, (e, ctx) -> TriggeredJobRoutes.json(ctx, e.status(),
                problem(e.error(), e.getMessage())));
    }

    static Map<String, Object> problem(String error, String detail) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("error", error);
        json.put("detail", detail);
        return json;
    }

    private void job(Context ctx) {
        String name = ctx.pathParam("name");
        String asOfParam = ctx.queryParam("as_of");
        Optional<Job> job;
        Instant asOf = null;
        if (asOfParam == null) {
            job = queries.job(name);
        } else {
            try {
                asOf = PointInTime.parse(asOfParam);
            } catch (IllegalArgumentException e) {
                throw new ProblemException(400, "bad_as_of", e.getMessage());
            }
            ReplayedJobs jobs = new ReplayedJobs(fold);
            replay.replay(null, asOf, EventLogReplay.Progress.NONE, jobs);
            job = jobs.job(name);
        }
        Instant at = asOf;
        Job found = job.orElseThrow(() -> new ProblemException(404, "job_not_found", "Job '" + name + "' "
                + (at == null ? "does not exist." : "did not exist at " + at + ".")));
        Map<String, Object> json = jobJson(found);
        json.put("as_of", asOf == null ? null : asOf.toString());
        if (asOf == null && detail != null) {
            detail.addTo(json, found);
        }
        TriggeredJobRoutes.json(ctx, 200, json);
    }

    private void verify(Context ctx) throws InterruptedException {
        Map<String, Object> json = new LinkedHashMap<>();
        for (int attempt = 1; attempt <= VERIFY_ATTEMPTS; attempt++) {
            Map<String, Job> live = queries.jobs(j -> true).stream()
                    .collect(Collectors.toMap(Job::key, Function.identity()));
            ReplayedJobs rebuilt = new ReplayedJobs(fold);
            EventLogReplay.Totals totals = replay.replay(null, null, EventLogReplay.Progress.NONE, rebuilt);
            Map<String, Job> fromLog = rebuilt.all();
            fromLog.keySet().removeIf(key -> !live.containsKey(key) && !ownedHere.test(key));
            List<String> differences = StateDifferences.between(fromLog, live);
            json.put("events", totals.events());
            json.put("skipped_records", totals.poison());
            json.put("jobs", fromLog.size());
            json.put("differences", differences);
            if (differences.isEmpty()) {
                break;
            }
            Thread.sleep(VERIFY_RETRY_MILLIS);
        }
        TriggeredJobRoutes.json(ctx, 200, json);
    }

    static Map<String, Object> jobJson(Job job) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", job.name());
        json.put("type", job.type().name());
        json.put("stopped", job.stopped());
        json.put("entry_point", job.entryPoint());
        json.put("artifact", job.artifactDigest());
        json.put("artifact_size", job.artifactSize());
        json.put("deployed_at", job.deployedAt().toString());
        json.put("settings", job.settingsJson());
        json.put("runs", job.runs().stream().map(AuditRoutes::runJson).toList());
        return json;
    }

    private static Map<String, Object> runJson(Run run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", run.runId());
        json.put("status", run.status().name());
        json.put("trigger", run.trigger());
        json.put("arguments", run.arguments());
        json.put("start_time", run.startTime().toString());
        json.put("end_time", run.endTime() == null ? null : run.endTime().toString());
        json.put("exit_code", run.exitCode());
        json.put("reason", run.reason());
        json.put("runner", run.runnerId());
        return json;
    }
}
