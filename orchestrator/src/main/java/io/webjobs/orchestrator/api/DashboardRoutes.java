package io.webjobs.orchestrator.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard: three static files from the jar (no build step, nothing from the internet), behind the same
 * Basic auth as the API. It may not be framed and loads nothing from elsewhere.
 */
final class DashboardRoutes {

    private static final Map<String, String> FILES = Map.of("index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8", "style.css", "text/css; charset=utf-8");
    private static final String ROOT = "/io/webjobs/orchestrator/dashboard/";

    private final Map<String, byte[]> content;

    DashboardRoutes() {
        this.content = Map.of("index.html", load("index.html"), "app.js", load("app.js"), "style.css", load("style.css"));
    }

    void register(Javalin app) {
        app.get("/", ctx -> serve(ctx, "index.html"));
        app.get("/dashboard/{file}", ctx -> {
            String file = ctx.pathParam("file");
            if (!FILES.containsKey(file)) {
                throw new ApiException(404, "No dashboard file '" + file + "'.");
            }
            serve(ctx, file);
        });
    }

    private void serve(Context ctx, String file) {
        ctx.header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(FILES.get(file)).result(content.get(file));
    }

    private static byte[] load(String file) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new IllegalStateException("dashboard file " + file + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
