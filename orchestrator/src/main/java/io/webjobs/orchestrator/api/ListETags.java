package io.webjobs.orchestrator.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * ETags on the job lists as Kudu sends them: a strong tag of the body, and 304 without a body when the
 * client's {@code If-None-Match} names it, so a poller re-downloads the list only when something changed.
 */
final class ListETags {

    private ListETags() {
    }

    static List<String> paths() {
        List<String> paths = new ArrayList<>();
        paths.add("/api/webjobs");
        paths.addAll(TriggeredJobRoutes.PREFIXES);
        paths.addAll(ContinuousJobRoutes.PREFIXES);
        return paths;
    }

    static void register(Javalin app) {
        for (String path : paths()) {
            app.after(path, ListETags::tag);
        }
    }

    private static void tag(Context ctx) {
        if (!"GET".equals(ctx.method().name()) || ctx.status().getCode() != 200) {
            return;
        }
        String body = ctx.result();
        if (body == null) {
            return;
        }
        String etag = "\"" + HexFormat.of().formatHex(ApiCredentials.sha256(body), 0, 16) + "\"";
        ctx.header("ETag", etag);
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.strip().equals("*") || List.of(ifNoneMatch.split(",")).stream()
                .map(String::strip).map(t -> t.startsWith("W/") ? t.substring(2) : t).anyMatch(etag::equals))) {
            ctx.status(304).result("");
        }
    }
}
