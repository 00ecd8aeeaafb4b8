package io.webjobs.orchestrator.api;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /api/v2/openapi.json}: the hand-written description of the v2 routes (a test keeps it complete). */
final class OpenApiDocument {

    private static final String RESOURCE = "openapi.json";

    private OpenApiDocument() {
    }

    static void register(Javalin app) {
        byte[] document = load();
        app.get("/api/v2/openapi.json", ctx -> ctx.contentType("application/json").result(document));
    }

    private static byte[] load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
