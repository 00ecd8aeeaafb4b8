package io.webjobs.orchestrator.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.webjobs.avro.JobType;
import io.webjobs.avro.RunRequested;
import io.webjobs.contract.ArtifactPublisher;
import io.webjobs.contract.ArtifactRef;
import io.webjobs.contract.CommandOutcome;
import io.webjobs.contract.JobCommands;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.Run;
import io.webjobs.orchestrator.domain.WebhookRules;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
import io.webjobs.orchestrator.domain.schedule.ScheduleSettings;
import io.webjobs.orchestrator.query.JobQueries;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Kudu's triggered-job routes, under the canonical prefix and Kudu's old aliases. Writes go through
 * {@link CommandGateway}; reads come from the topology's stores through {@link JobQueries}.
 */
final class TriggeredJobRoutes {

    static final List<String> PREFIXES = List.of("/api/triggeredwebjobs", "/api/triggeredjobs",
            "/jobs/triggered", "/api/jobs/triggered");

    private final JobQueries queries;
    private final CommandGateway commands;
    private final ArtifactPublisher artifacts;
    private final UploadLimits limits;
    private final Clock clock;
    private final Supplier<ScheduleRules> scheduleRules;

    TriggeredJobRoutes(JobQueries queries, CommandGateway commands, ArtifactPublisher artifacts, UploadLimits limits,
            Clock clock, Supplier<ScheduleRules> scheduleRules) {
        this.scheduleRules = scheduleRules;
        this.queries = queries;
        this.commands = commands;
        this.artifacts = artifacts;
        this.limits = limits;
        this.clock = clock;
    }

    void register(Javalin app) {
        for (String prefix : PREFIXES) {
            app.get(prefix, this::list);
            app.get(prefix + "/{name}", this::get);
            app.put(prefix + "/{name}", this::deploy);
            app.delete(prefix + "/{name}", this::delete);
            app.post(prefix + "/{name}/run", this::run);
            app.get(prefix + "/{name}/history", this::history);
            app.get(prefix + "/{name}/history/{id}", this::historyEntry);
            app.get(prefix + "/{name}/settings", this::settings);
            app.put(prefix + "/{name}/settings", this::updateSettings);
        }
        app.get("/api/vfs/data/jobs/triggered/{name}/{id}/output_log.txt", this::output);
        app.get("/api/vfs/data/jobs/triggered/{name}/job_scheduler.log", this::schedulerLog);
    }

    private void list(Context ctx) {
        String base = base(ctx);
        boolean schedulesDisabled = scheduleRules.get().disabled(); // once per list, not per job
        List<Object> jobs = queries.jobs(j -> j.type() == JobType.triggered).stream()
                .map(j -> (Object) triggeredJob(j, base, schedulesDisabled)).toList();
        json(ctx, 200, jobs);
    }

    private void get(Context ctx) {
        json(ctx, 200, triggeredJob(job(ctx), base(ctx)));
    }

    /** Kudu's job JSON plus {@code next_run_time}: the due time of the job's timer, null when it will not fire. */
    private Map<String, Object> triggeredJob(Job job, String base) {
        return triggeredJob(job, base, scheduleRules.get().disabled());
    }

    private Map<String, Object> triggeredJob(Job job, String base, boolean schedulesDisabled) {
        Map<String, Object> json = KuduJson.triggeredJob(job, base, clock.instant());
        ScheduleSettings settings = ScheduleSettings.of(job.settingsJson());
        boolean fires = settings.enabled() && !schedulesDisabled && !job.stopped();
        json.put("next_run_time", fires ? queries.nextScheduled(job.name()).map(Object::toString).orElse(null) : null);
        return json;
    }

    private void schedulerLog(Context ctx) {
        Job job = job(ctx);
        ctx.contentType("text/plain; charset=utf-8").result(KuduLogFormat.format(queries.log(job.name(), "scheduler")));
    }

    private void deploy(Context ctx) {
        String name = ctx.pathParam("name");
        Upload upload = Upload.received(ctx, limits);
        ArtifactRef artifact = artifacts.publish(upload.zip());
        commands.execute(JobCommands.deploy(name, JobType.triggered, artifact, upload.entryPoint(),
                upload.settingsJson()).by(issuer(ctx)).correlatedWith(correlationId(ctx)));
        get(ctx);
    }

    /** Deletes only a triggered job: a continuous job of that name is not found here (404), as in Kudu. */
    private void delete(Context ctx) {
        commands.execute(JobCommands.delete(jobWithoutRuns(ctx).name()).by(issuer(ctx))
                .correlatedWith(correlationId(ctx)));
        ctx.status(200);
    }

    private void run(Context ctx) {
        boolean webhook = ctx.attribute(ApiGuard.WEBHOOK_SECRET) != null;
        Job job = webhook ? WebhookRoutes.authorize(ctx, queries) : jobWithoutRuns(ctx);
        String userAgent = ctx.userAgent() == null ? "unknown" : ctx.userAgent();
        JobCommands run = JobCommands.run(job.name()).withTrigger((webhook ? "Webhook - " : "External - ") + userAgent)
                .by(webhook ? WebhookRules.ACTOR : issuer(ctx)).correlatedWith(correlationId(ctx));
        String arguments = ctx.queryParam("arguments");
        if (arguments != null && !arguments.isEmpty()) {
            run = run.withArguments(arguments);
        }
        CommandOutcome outcome = commands.execute(run);
        String runId = outcome.event(RunRequested.class).orElseThrow().getRunId();
        ctx.status(202).header("Location", base(ctx) + "/api/triggeredwebjobs/" + job.name() + "/history/" + runId);
    }

    private void history(Context ctx) {
        Job job = job(ctx);
        String base = base(ctx);
        List<Object> runs = job.runs().stream().map(r -> (Object) KuduJson.run(job, r, base, clock.instant())).toList();
        json(ctx, 200, Map.of("runs", runs));
    }

    private void historyEntry(Context ctx) {
        Job job = job(ctx);
        Run run = job.run(ctx.pathParam("id"))
                .orElseThrow(() -> new ApiException(404, "Run '" + ctx.pathParam("id") + "' not found."));
        json(ctx, 200, KuduJson.run(job, run, base(ctx), clock.instant()));
    }

    private void settings(Context ctx) {
        ctx.contentType("application/json").result(jobWithoutRuns(ctx).settingsJson());
    }

    private void updateSettings(Context ctx) {
        Job job = jobWithoutRuns(ctx);
        String body = ctx.body();
        KuduJson.requireSettingsObject(body);
        commands.execute(JobCommands.updateSettings(job.name(), body).by(issuer(ctx))
                .correlatedWith(correlationId(ctx)));
        ctx.contentType("application/json").result(body);
    }

    private void output(Context ctx) {
        Job job = job(ctx);
        Run run = job.run(ctx.pathParam("id"))
                .orElseThrow(() -> new ApiException(404, "Run '" + ctx.pathParam("id") + "' not found."));
        ctx.contentType("text/plain; charset=utf-8").result(KuduLogFormat.format(queries.log(job.name(), run.runId())));
    }

    private Job job(Context ctx) {
        return triggered(ctx, queries.job(ctx.pathParam("name")));
    }

    /** The job without its runs, for what needs no history: a command about the job, its settings. */
    private Job jobWithoutRuns(Context ctx) {
        return triggered(ctx, queries.jobWithoutRuns(ctx.pathParam("name")));
    }

    private static Job triggered(Context ctx, Optional<Job> found) {
        return found.filter(j -> j.type() == JobType.triggered)
                .orElseThrow(() -> new ApiException(404, "Triggered job '" + ctx.pathParam("name") + "' not found."));
    }

    static String base(Context ctx) {
        return QueryRouting.base(ctx); // the instance the user called, also when another instance answers
    }

    /** The caller's {@code X-Correlation-Id}, if any; without one a command's id becomes its correlation id. */
    static String correlationId(Context ctx) {
        return ctx.header("X-Correlation-Id");
    }

    static String issuer(Context ctx) {
        return "api:" + QueryRouting.callerIp(ctx);
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(KuduJson.write(body));
    }
}
