package io.webjobs.orchestrator.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * HTTP from one orchestrator to another. Every failure to get an answer (refused, reset, timed out) is an
 * {@link InstanceUnavailableException}: the caller answers 503 with {@code Retry-After}, as during a rebalance.
 */
public final class InstanceClient {

    /** A write waits up to 30 s for the topology's verdict on the owner; give it that and a little more. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(35);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * @param streaming the answer may stay open (a live tail): no timeout once it started
     */
    public HttpResponse<InputStream> send(String method, String url, Map<String, String> headers, byte[] body,
            boolean streaming) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (!streaming) {
            request.timeout(ANSWER_TIMEOUT);
        }
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new InstanceUnavailableException("The orchestrator at " + URI.create(url).getAuthority()
                    + " did not answer (" + e.getClass().getSimpleName() + "); the cluster may be rebalancing.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstanceUnavailableException("interrupted while asking " + url, e);
        }
    }

    /** A GET that must answer 200; its body. */
    public byte[] get(String url, Map<String, String> headers) {
        HttpResponse<InputStream> response = send("GET", url, headers, null, false);
        try (InputStream body = response.body()) {
            byte[] bytes = body.readAllBytes();
            if (response.statusCode() != 200) {
                throw new InstanceUnavailableException("The orchestrator at " + URI.create(url).getAuthority()
                        + " answered " + response.statusCode() + ": " + new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            }
            return bytes;
        } catch (IOException e) {
            throw new InstanceUnavailableException("The orchestrator at " + URI.create(url).getAuthority()
                    + " broke off its answer; the cluster may be rebalancing.", e);
        }
    }
}
