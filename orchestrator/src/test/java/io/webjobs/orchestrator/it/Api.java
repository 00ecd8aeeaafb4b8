package io.webjobs.orchestrator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webjobs.orchestrator.api.ApiCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A plain HTTP client for the tests, talking to the API as any WebJobs client would. */
public final class Api {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The test system's Basic credentials as an {@code Authorization} header, for tests that use their own client. */
    public static final String AUTHORIZATION = ApiCredentials.basic(TestSystem.USER, TestSystem.PASSWORD);
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String authorization;

    /** A client with the test system's credentials. */
    public Api(String base) {
        this(base, AUTHORIZATION);
    }

    /** @param authorization the {@code Authorization} header to send, or null for none */
    public Api(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** A client that sends no credentials at all. */
    public static Api anonymous(String base) {
        return new Api(base, null);
    }

    public Response send(String method, String path, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = request(path).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::setHeader);
        return send(request);
    }

    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Response putZip(String path, String fileName, byte[] zip) {
        return send(request(path).header("Content-Type", "application/zip")
                .header("Content-Disposition", "attachment; filename=" + fileName)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(zip)));
    }

    public Response put(String path, String contentType, String contentDisposition, byte[] body) {
        HttpRequest.Builder request = request(path).header("Content-Type", contentType);
        if (contentDisposition != null) {
            request.header("Content-Disposition", contentDisposition);
        }
        return send(request.PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .header("User-Agent", "webjobs-tests");
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
