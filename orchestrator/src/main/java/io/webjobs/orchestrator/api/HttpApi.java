package io.webjobs.orchestrator.api;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.webjobs.contract.AppSettingsPublisher;
import io.webjobs.contract.ArtifactPublisher;
import io.webjobs.contract.CommandPublisher;
import io.webjobs.orchestrator.audit.EventLogReplay;
import io.webjobs.orchestrator.domain.JobFold;
import io.webjobs.orchestrator.domain.schedule.ScheduleRules;
import io.webjobs.orchestrator.query.JobQueries;
import io.webjobs.runner.ArchiveLimits;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The orchestrator's HTTP server: Kudu-compatible routes and {@code /health}. Errors never show a stack trace. */
public final class HttpApi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final long MAX_UPLOAD_BYTES = 256L * 1024 * 1024;

    private final Javalin app;

    private HttpApi(Javalin app) {
        this.app = app;
    }

    public static HttpApi start(String host, int port, JobQueries queries, CommandPublisher publisher,
            ArtifactPublisher artifacts, AuditRoutes audit, AppSettingsPublisher appSettings, BooleanSupplier ready,
            Clock clock, ScheduleRules scheduleRules) {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_UPLOAD_BYTES;
        });
        new TriggeredJobRoutes(queries, new CommandGateway(publisher), artifacts, ArchiveLimits.DEFAULT, clock, scheduleRules)
                .register(app);
        audit.register(app);
        new ContinuousJobRoutes(queries, new CommandGateway(publisher), artifacts, ArchiveLimits.DEFAULT, clock)
                .register(app);
        new LiveLogRoutes(queries).register(app);
        if (appSettings != null) {
            new AppSettingsRoutes(queries, appSettings).register(app);
        }
        app.get("/health", ctx -> {
            boolean up = ready.getAsBoolean();
            TriggeredJobRoutes.json(ctx, up ? 200 : 503, java.util.Map.of("status", up ? "ok" : "starting"));
        });
        app.exception(ApiException.class, (e, ctx) -> TriggeredJobRoutes.json(ctx, e.status(),
                KuduJson.error(e.getMessage())));
        app.exception(InvalidStateStoreException.class, (e, ctx) -> TriggeredJobRoutes.json(ctx, 503,
                KuduJson.error("The job store is not ready yet (rebalancing or starting); retry shortly.")));
        app.exception(HttpResponseException.class, (e, ctx) -> TriggeredJobRoutes.json(ctx, e.getStatus(),
                KuduJson.error(e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("request {} {} failed", ctx.method(), ctx.path(), e);
            TriggeredJobRoutes.json(ctx, 500, KuduJson.error("Internal error: " + e.getClass().getSimpleName()));
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                TriggeredJobRoutes.json(ctx, 404, KuduJson.error("No route for " + ctx.method() + " " + ctx.path()));
            }
        });
        app.start(host, port);
        return new HttpApi(app);
    }

    /** The v2 routes over the event log (as-of, verify), replaying with the topology's fold. */
    public static AuditRoutes auditRoutes(EventLogReplay replay, JobFold fold, JobQueries queries) {
        return new AuditRoutes(replay, fold, queries);
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
