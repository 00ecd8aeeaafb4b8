package io.webjobs.orchestrator.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.webjobs.avro.JobType;
import io.webjobs.contract.JobCommands;
import io.webjobs.orchestrator.domain.Job;
import io.webjobs.orchestrator.domain.WebhookRules;
import io.webjobs.orchestrator.query.JobQueries;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/v2/jobs/{name}/webhook}: creates or replaces a triggered job's webhook secret and shows it
 * this once. The secret then authorizes {@code POST /api/triggeredwebjobs/{name}/run} for that job only
 * ({@code X-Webhook-Secret} header or {@code ?secret=}); the old secret stops working at once.
 */
final class WebhookRoutes {

    static final String HEADER = "X-Webhook-Secret";

    private final JobQueries queries;
    private final CommandGateway commands;

    WebhookRoutes(JobQueries queries, CommandGateway commands) {
        this.queries = queries;
        this.commands = commands;
    }

    void register(Javalin app) {
        app.post("/api/v2/jobs/{name}/webhook", this::rotate);
    }

    private void rotate(Context ctx) {
        String name = ctx.pathParam("name");
        Job job = queries.jobWithoutRuns(name).orElseThrow(() -> new ProblemException(404, "job_not_found",
                "Job '" + name + "' not found."));
        if (job.type() != JobType.triggered) {
            throw new ProblemException(400, "not_triggered", "Only a triggered job has a webhook.");
        }
        String secret = ApiCredentials.randomSecret();
        commands.execute(JobCommands.rotateWebhookSecret(job.name(), WebhookRules.hash(secret))
                .by(TriggeredJobRoutes.issuer(ctx)).correlatedWith(TriggeredJobRoutes.correlationId(ctx)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", job.name());
        body.put("url", TriggeredJobRoutes.base(ctx) + "/api/triggeredwebjobs/" + job.name() + "/run");
        body.put("header", HEADER);
        body.put("secret", secret);
        TriggeredJobRoutes.json(ctx, 201, body);
    }

    /**
     * For a run request that came with a webhook secret instead of the API's credentials: the job, when the secret
     * is its own. Anything else is 401 without saying whether the job exists.
     */
    static Job authorize(Context ctx, JobQueries queries) {
        String secret = ctx.attribute(ApiGuard.WEBHOOK_SECRET);
        Job job = queries.jobWithoutRuns(ctx.pathParam("name")).filter(j -> j.type() == JobType.triggered)
                .orElse(null);
        if (!WebhookRules.accepts(job, secret)) {
            ctx.header("WWW-Authenticate", "Basic realm=\"webjobs\", charset=\"UTF-8\"");
            throw new ApiException(401, "The webhook secret is not this job's.");
        }
        return job;
    }
}
