package io.webjobs.orchestrator.api;

import io.javalin.http.Context;

/** The error body a route family promises: {@code {"error","detail"}} under /api/v2, Kudu's {@code {"Message"}} elsewhere. */
final class ErrorBodies {

    private ErrorBodies() {
    }

    static void answer(Context ctx, int status, String message) {
        TriggeredJobRoutes.json(ctx, status, of(ctx, status, message));
    }

    static Object of(Context ctx, int status, String message) {
        return ctx.path().startsWith("/api/v2") ? AuditRoutes.problem(code(status), message) : KuduJson.error(message);
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 409 -> "conflict";
            case 413 -> "too_large";
            case 500 -> "internal_error";
            case 503 -> "unavailable";
            default -> "http_" + status;
        };
    }
}
