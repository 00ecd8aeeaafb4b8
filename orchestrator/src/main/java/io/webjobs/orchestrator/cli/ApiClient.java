package io.webjobs.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webjobs.orchestrator.api.ApiCredentials;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The CLI's HTTP client for the Kudu-compatible API; any non-2xx answer becomes a {@link CliException}. */
final class ApiClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String UNAUTHORIZED = "401 wrong or missing credentials: give --user/--password "
            + "(or WEBJOBS_API_USER/WEBJOBS_API_PASSWORD; `up` printed the password and stored it in its data dir)";

    private final String baseUrl;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(String baseUrl, String user, String password) {
        this.authorization = password == null ? null : ApiCredentials.basic(user, password);
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.header("User-Agent", "webjobs-cli").build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401) {
                throw new CliException(UNAUTHORIZED);
            }
            if (response.statusCode() >= 300) {
                throw new CliException(response.statusCode() + " " + message(response.body()));
            }
            return response;
        } catch (ConnectException e) {
            throw new CliException("cannot reach webjobs at " + baseUrl + " (is `webjobs up` running?)");
        } catch (IOException e) {
            throw new CliException("request to " + baseUrl + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    /** Like {@link #send} but the body arrives line by line as the server writes it (live tails). */
    HttpResponse<java.util.stream.Stream<String>> stream(HttpRequest.Builder request) {
        try {
            HttpResponse<java.util.stream.Stream<String>> response = http.send(
                    request.header("User-Agent", "webjobs-cli").build(), HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() == 401) {
                throw new CliException(UNAUTHORIZED);
            }
            if (response.statusCode() >= 300) {
                String body = String.join("\n", response.body().toList());
                throw new CliException(response.statusCode() + " " + message(body));
            }
            return response;
        } catch (ConnectException e) {
            throw new CliException("cannot reach webjobs at " + baseUrl + " (is `webjobs up` running?)");
        } catch (IOException e) {
            throw new CliException("request to " + baseUrl + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    JsonNode getJson(String path) {
        return parse(send(request(path).GET()).body());
    }

    static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new CliException("the server answered with something that is not JSON: " + e.getMessage());
        }
    }

    private static String message(String body) {
        try {
            JsonNode json = MAPPER.readTree(body);
            if (json != null && json.hasNonNull("Message")) {
                return json.get("Message").asText();
            }
            if (json != null && json.hasNonNull("detail")) {
                return json.get("detail").asText();
            }
        } catch (IOException e) {
            // not JSON: show the body as it is
        }
        return body;
    }
}
