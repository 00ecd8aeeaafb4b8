package io.webjobs.orchestrator.api;

import static io.webjobs.orchestrator.api.TriggeredJobRoutes.base;
import static io.webjobs.orchestrator.api.TriggeredJobRoutes.issuer;
import static io.webjobs.orchestrator.api.TriggeredJobRoutes.json;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.webjobs.avro.JobType;
import io.webjobs.contract.ArtifactPublisher;
import io.webjobs.contract.ArtifactRef;
import io.webjobs.contract.JobCommands;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.JobSettings;
import io.webjobs.orchestrator.query.JobQueries;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kudu's continuous-job routes (canonical prefix and old aliases), {@code GET /api/webjobs} (triggered
 * then continuous) and our {@code GET /api/v2/runners}. A PUT deploys and starts the job; start/stop are
 * persistent because they are events of the job.
 */
final class ContinuousJobRoutes {

    static final List<String> PREFIXES = List.of("/api/continuouswebjobs", "/api/continuousjobs",
            "/jobs/continuous", "/api/jobs/continuous");

    private final JobQueries queries;
    private final CommandGateway commands;
    private final ArtifactPublisher artifacts;
    private final UploadLimits limits;
    private final Clock clock;

    ContinuousJobRoutes(JobQueries queries, CommandGateway commands, ArtifactPublisher artifacts,
            UploadLimits limits, Clock clock) {
        this.queries = queries;
        this.commands = commands;
        this.artifacts = artifacts;
        this.limits = limits;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/api/webjobs", this::listAll);
        app.get("/api/v2/runners", this::runners);
        for (String prefix : PREFIXES) {
            app.get(prefix, this::list);
            app.get(prefix + "/{name}", this::get);
            app.put(prefix + "/{name}", this::deploy);
            app.delete(prefix + "/{name}", this::delete);
            app.post(prefix + "/{name}/start", this::start);
            app.post(prefix + "/{name}/stop", this::stop);
            app.get(prefix + "/{name}/settings", this::settings);
            app.put(prefix + "/{name}/settings", this::updateSettings);
        }
        app.get("/api/vfs/data/jobs/continuous/{name}/job_log.txt", this::log);
    }

    private void listAll(Context ctx) {
        String base = base(ctx);
        Instant now = clock.instant();
        List<String> live = queries.liveRunners(now);
        List<Object> jobs = new ArrayList<>();
        queries.jobs(j -> j.type() == JobType.triggered).forEach(j -> jobs.add(KuduJson.triggeredJob(j, base, now)));
        boolean allStopped = queries.appSettings().webJobsStopped();
        queries.jobs(j -> j.type() == JobType.continuous)
                .forEach(j -> jobs.add(KuduJson.continuousJob(j, base, live, allStopped)));
        json(ctx, 200, jobs);
    }

    private void list(Context ctx) {
        String base = base(ctx);
        List<String> live = queries.liveRunners(clock.instant());
        boolean allStopped = queries.appSettings().webJobsStopped();
        json(ctx, 200, queries.jobs(j -> j.type() == JobType.continuous).stream()
                .map(j -> (Object) KuduJson.continuousJob(j, base, live, allStopped)).toList());
    }

    private void get(Context ctx) {
        json(ctx, 200, KuduJson.continuousJob(job(ctx), base(ctx), queries.liveRunners(clock.instant()),
                queries.appSettings().webJobsStopped()));
    }

    private void deploy(Context ctx) {
        String name = ctx.pathParam("name");
        Upload upload = Upload.received(ctx, limits);
        String settings = upload.settingsJson();
        String scale = ctx.queryParam("scale");
        if (scale != null) {
            // Ours, beyond Kudu: ?scale=single|multi|K sets is_singleton / instances in settings.job.
            settings = JobSettings.withScale(settings, scale).orElseThrow(() -> new ApiException(400,
                    "Scale must be single, multi or a number of instances (1-9999), was '" + scale + "'."));
        }
        ArtifactRef artifact = artifacts.publish(upload.zip());
        commands.execute(JobCommands.deploy(name, JobType.continuous, artifact, upload.entryPoint(), settings)
                .by(issuer(ctx)));
        get(ctx);
    }

    /** Deletes only a continuous job: a triggered job of that name is not found here (404), as in Kudu. */
    private void delete(Context ctx) {
        commands.execute(JobCommands.delete(job(ctx).name()).by(issuer(ctx)));
        ctx.status(200);
    }

    private void start(Context ctx) {
        commands.execute(JobCommands.start(job(ctx).name()).by(issuer(ctx)));
        ctx.status(200);
    }

    private void stop(Context ctx) {
        commands.execute(JobCommands.stop(job(ctx).name()).by(issuer(ctx)));
        ctx.status(200);
    }

    private void settings(Context ctx) {
        ctx.contentType("application/json").result(job(ctx).settingsJson());
    }

    private void updateSettings(Context ctx) {
        Job job = job(ctx);
        String body = ctx.body();
        KuduJson.requireSettingsObject(body);
        commands.execute(JobCommands.updateSettings(job.name(), body).by(issuer(ctx)));
        ctx.contentType("application/json").result(body);
    }

    private void log(Context ctx) {
        Job job = job(ctx);
        ctx.contentType("text/plain; charset=utf-8").result(KuduLogFormat.format(queries.continuousLog(job.name())));
    }

    private void runners(Context ctx) {
        Instant now = clock.instant();
        List<String> live = queries.liveRunners(now);
        List<Job> continuous = queries.jobs(j -> j.type() == JobType.continuous);
        List<Object> runners = queries.runners().stream().map(r -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", r.getRunnerId());
            json.put("host", r.getHost());
            json.put("last_heartbeat", r.getAt().toString());
            json.put("alive", live.contains(r.getRunnerId()));
            json.put("active_runs", r.getActiveRuns());
            json.put("capacity", r.getCapacity());
            json.put("instances", continuous.stream().filter(j -> j.instance(r.getRunnerId()).isPresent())
                    .map(j -> j.name() + " - " + j.instance(r.getRunnerId()).orElseThrow().status()).toList());
            return (Object) json;
        }).toList();
        json(ctx, 200, runners);
    }

    private Job job(Context ctx) {
        String name = ctx.pathParam("name");
        return queries.job(name).filter(j -> j.type() == JobType.continuous)
                .orElseThrow(() -> new ApiException(404, "Continuous job '" + name + "' not found."));
    }
}
