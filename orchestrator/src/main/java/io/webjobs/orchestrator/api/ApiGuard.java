package io.webjobs.orchestrator.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs before every route: everything but {@code /health} and {@code /metrics} (counts only, for Prometheus) needs the API's Basic credentials, except a
 * triggered job's run route called with that job's webhook secret (the route itself checks the secret).
 *
 * <p>Cross-site request forgery: a browser that knows the Basic credentials sends them with any request a
 * foreign page makes, so a state-changing request that a browser marks as coming from another site
 * ({@code Origin} not ours, or {@code Sec-Fetch-Site: cross-site}) is refused with 403. Scripts and Kudu
 * clients send neither header and are unaffected; a foreign page cannot forge them.
 */
final class ApiGuard {

    static final String WEBHOOK_SECRET = "webhook-secret";
    private static final Pattern RUN_ROUTE = Pattern.compile(
            "/(api/triggeredwebjobs|api/triggeredjobs|jobs/triggered|api/jobs/triggered)/[^/]+/run");
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final ApiCredentials credentials;

    ApiGuard(ApiCredentials credentials) {
        this.credentials = credentials;
    }

    void check(Context ctx) {
        if (ctx.path().equals("/health") || ctx.path().equals("/metrics")) {
            return;
        }
        if (credentials.accepts(ctx.header("Authorization"))) {
            refuseCrossSite(ctx);
            return;
        }
        String secret = webhookSecret(ctx);
        if (secret != null && ctx.method() == HandlerType.POST && RUN_ROUTE.matcher(ctx.path()).matches()) {
            ctx.attribute(WEBHOOK_SECRET, secret);
            return;
        }
        throw new GuardException(401, "unauthorized", "Valid credentials are required (HTTP Basic).");
    }

    private static void refuseCrossSite(Context ctx) {
        if (SAFE.contains(ctx.method())) {
            return;
        }
        String origin = ctx.header("Origin");
        boolean foreignOrigin = origin != null && !origin.equals("null") && !origin.equals(TriggeredJobRoutes.base(ctx));
        if (foreignOrigin || "null".equals(origin) || "cross-site".equals(ctx.header("Sec-Fetch-Site"))) {
            throw new GuardException(403, "cross_site_request", "State-changing requests from another site are refused.");
        }
    }

    static String webhookSecret(Context ctx) {
        String header = ctx.header("X-Webhook-Secret");
        return header != null && !header.isEmpty() ? header : ctx.queryParam("secret");
    }

    /** Answers in the shape of the route family: {@code {"error","detail"}} on /api/v2, Kudu's {@code {"Message"}} elsewhere. */
    static void answer(GuardException e, Context ctx) {
        if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Basic realm=\"webjobs\", charset=\"UTF-8\"");
        }
        Object body = ctx.path().startsWith("/api/v2") ? AuditRoutes.problem(e.error(), e.getMessage())
                : KuduJson.error(e.getMessage());
        TriggeredJobRoutes.json(ctx, e.status(), body);
    }

    static final class GuardException extends RuntimeException {
        private final int status;
        private final String error;

        GuardException(int status, String error, String detail) {
            super(detail);
            this.status = status;
            this.error = error;
        }

        int status() {
            return status;
        }

        String error() {
            return error;
        }
    }
}
