package io.webjobs.orchestrator.api;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.webjobs.contract.AppSettingsPublisher;
import io.webjobs.contract.ArtifactPublisher;
import io.webjobs.contract.CommandPublisher;
import io.webjobs.orchestrator.audit.EventLogReplay;
import io.webjobs.orchestrator.cluster.InstanceClient;
import io.webjobs.orchestrator.cluster.InstanceUnavailableException;
import io.webjobs.orchestrator.cluster.KeyOwner;
import io.webjobs.orchestrator.cluster.Owner;
import io.webjobs.orchestrator.domain.JobFold;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
import io.webjobs.orchestrator.query.JobQueries;
import io.webjobs.orchestrator.query.RunLogs;
import io.webjobs.orchestrator.topology.JobTopology;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The orchestrator's HTTP server: Kudu-compatible routes and {@code /health}. Errors never show a stack trace. */
public final class HttpApi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

    private final Javalin app;
    private final List<String> routes;

    private HttpApi(Javalin app, List<String> routes) {
        this.app = app;
        this.routes = routes;
    }

    /**
     * What the API needs to answer as one of several orchestrators: who owns a key, how to reach the others,
     * and this instance's own run logs (which it serves to them).
     */
    public record Cluster(KeyOwner owners, InstanceClient client, RunLogs localLogs) {
    }

    /**
     * {@code scheduleRules} and {@code jobRules} are the start-up options; the app settings override them
     * at runtime (GET /api/v2/settings shows the result).
     * @param cluster null for an instance that answers only from its own stores
     */
    public static HttpApi start(String host, int port, JobQueries queries, CommandPublisher publisher,
            ArtifactPublisher artifacts, AuditRoutes audit, AppSettingsPublisher appSettings, BooleanSupplier ready,
            Clock clock, ScheduleRules scheduleRules, ApiCredentials credentials,
            UploadLimits uploadLimits, JobRules jobRules, Cluster cluster) {
        Supplier<ScheduleRules> scheduleInForce = () -> queries.appSettings().scheduleRules(scheduleRules);
        List<String> routes = new CopyOnWriteArrayList<>();
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = uploadLimits.maxUploadBytes();
            config.events.handlerAdded(route -> routes.add(route.getHttpMethod() + " " + route.getPath()));
        });
        ApiGuard guard = new ApiGuard(credentials);
        app.before(guard::check);
        app.exception(ApiGuard.GuardException.class, ApiGuard::answer);
        if (cluster != null) {
            new QueryRouting(cluster.owners(), cluster.client(), credentials, cluster.localLogs()).register(app);
            // a job nobody owns right now is checked here: better a difference to retry than one nobody reports
            audit.verifyOnly(key -> !(cluster.owners().of(JobTopology.JOB_STORE, key) instanceof Owner.Elsewhere));
        }
        new TriggeredJobRoutes(queries, new CommandGateway(publisher), artifacts, uploadLimits, clock, scheduleInForce)
                .register(app);
        audit.register(app, new JobDetail(clock, scheduleInForce));
        new ContinuousJobRoutes(queries, new CommandGateway(publisher), artifacts, uploadLimits, clock)
                .register(app);
        new LiveLogRoutes(queries).register(app);
        new WebhookRoutes(queries, new CommandGateway(publisher)).register(app);
        ListETags.register(app);
        new CronRoutes(clock, scheduleInForce).register(app);
        OpenApiDocument.register(app);
        new DashboardRoutes().register(app);
        if (appSettings != null) {
            new AppSettingsRoutes(queries, appSettings, scheduleRules, jobRules).register(app);
        }
        app.get("/health", ctx -> {
            boolean up = ready.getAsBoolean();
            TriggeredJobRoutes.json(ctx, up ? 200 : 503, java.util.Map.of("status", up ? "ok" : "starting"));
        });
        app.exception(ApiException.class, (e, ctx) -> ErrorBodies.answer(ctx, e.status(), e.getMessage()));
        app.exception(InvalidStateStoreException.class, (e, ctx) -> {
            ErrorBodies.answer(ctx, 503, "The job store is not ready yet (rebalancing or starting); retry shortly.");
            ctx.header("Retry-After", "1");
        });
        app.exception(InstanceUnavailableException.class, (e, ctx) -> {
            ErrorBodies.answer(ctx, 503, e.getMessage());
            ctx.header("Retry-After", "1");
        });
        app.exception(HttpResponseException.class, (e, ctx) -> ErrorBodies.answer(ctx, e.getStatus(),
                e.getStatus() == 413 ? "The upload is larger than the limit of " + uploadLimits.maxUploadBytes()
                        + " bytes." : e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("request {} {} failed", ctx.method(), ctx.path(), e);
            ErrorBodies.answer(ctx, 500, "Internal error: " + e.getClass().getSimpleName());
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                ErrorBodies.answer(ctx, 404, "No route for " + ctx.method() + " " + ctx.path());
            }
        });
        app.start(host, port);
        return new HttpApi(app, List.copyOf(routes));
    }

    /** The v2 routes over the event log (as-of, verify), replaying with the topology's fold. */
    public static AuditRoutes auditRoutes(EventLogReplay replay, JobFold fold, JobQueries queries) {
        return new AuditRoutes(replay, fold, queries);
    }

    /** Every registered endpoint as {@code "METHOD /path/{param}"}, before/after filters included. */
    public List<String> routes() {
        return routes;
    }

    public int port() {
        return app.port();
    }

    /** Serves {@code path} outside the Kudu API, unauthenticated like {@code /health} (e.g. {@code /metrics}). */
    public void getText(String path, String contentType, java.util.function.Supplier<String> body) {
        app.get(path, ctx -> ctx.contentType(contentType).result(body.get()));
    }

    @Override
    public void close() {
        app.stop();
    }
}
