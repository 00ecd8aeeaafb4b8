package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.TriggeredJobEndToEndTest.uniqueName;
import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Our /api/v2 additions: cron preview, job detail with next runs, the OpenAPI document. */
class V2EndToEndTest {

    private final TestSystem system = TestSystem.get();
    private final Api api = new Api(system.baseUrl());

    @Test
    void shouldPreviewTheNextFiveFireTimesOfAnExpression() {
        Api.Response response = api.get("/api/v2/cron?expression=" + encode("0 30 9 * * 1-5") + "&tz=Europe/Paris");

        assertThat(response.status()).isEqualTo(200);
        JsonNode json = response.json();
        assertThat(json.get("expression").asText()).isEqualTo("0 30 9 * * 1-5");
        assertThat(json.get("time_zone").asText()).isEqualTo("Europe/Paris");
        List<Instant> next = new ArrayList<>();
        json.get("next").forEach(t -> next.add(Instant.parse(t.asText())));
        assertThat(next).hasSize(5).isSorted().doesNotHaveDuplicates();
        assertThat(next.get(0)).isAfter(Instant.now().minusSeconds(5));
        next.forEach(t -> assertThat(t.atZone(java.time.ZoneId.of("Europe/Paris")).toLocalTime().toString()).isEqualTo("09:30"));
    }

    @Test
    void shouldHonourTheCountAndRefuseABadOne() {
        assertThat(api.get("/api/v2/cron?count=2&expression=" + encode("*/10 * * * * *")).json().get("next")).hasSize(2);

        Api.Response tooMany = api.get("/api/v2/cron?count=1000&expression=" + encode("* * * * * *"));

        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("error").asText()).isEqualTo("bad_count");
    }

    @Test
    void shouldExplainAnInvalidExpression() {
        Api.Response bad = api.get("/api/v2/cron?expression=" + encode("0 0 * * * 7"));
        Api.Response missing = api.get("/api/v2/cron");
        Api.Response zone = api.get("/api/v2/cron?tz=Mars/Olympus&expression=" + encode("0 0 * * * *"));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).isEqualTo("invalid_cron");
        assertThat(bad.json().get("detail").asText()).isEqualTo("Invalid day-of-week field '7': 7 is outside 0-6.");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error").asText()).isEqualTo("missing_expression");
        assertThat(zone.json().get("detail").asText()).isEqualTo("Unknown time zone 'Mars/Olympus'.");
    }

    @Test
    void shouldFollowTheRunAskedForWhileANewerOneOverlapsIt() {
        String job = uniqueName("overlap");
        api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("run.sh", "echo \"arg=$1\"\nsleep 3\n",
                "settings.job", "{\"concurrency\": \"allow\"}"));
        String first = runId(api.post("/api/triggeredwebjobs/" + job + "/run?arguments=first"));
        String second = runId(api.post("/api/triggeredwebjobs/" + job + "/run?arguments=second"));

        Api.Response followed = api.get("/api/v2/jobs/" + job + "/log?follow=true&run=" + first);
        Api.Response latest = api.get("/api/v2/jobs/" + job + "/log");
        Api.Response unknown = api.get("/api/v2/jobs/" + job + "/log?run=20000101000000000");
        api.delete("/api/triggeredwebjobs/" + job);

        assertThat(second).isNotEqualTo(first);
        assertThat(followed.status()).isEqualTo(200);
        assertThat(followed.body()).contains("arg=first").doesNotContain("arg=second")
                .contains("Status changed to Success");
        assertThat(latest.body()).contains("arg=second").doesNotContain("arg=first");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asText()).contains("Run '20000101000000000'");
    }

    private static String runId(Api.Response run) {
        assertThat(run.status()).isEqualTo(202);
        String location = run.raw().headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    @Test
    void shouldShowAJobsNextRunTimesInstancesAndWebhook() {
        String job = uniqueName("detail");
        api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("run.sh", "echo\n",
                "settings.job", "{\"schedule\": \"0 0 0 1 1 *\"}"));

        JsonNode detail = api.get("/api/v2/jobs/" + job).json();
        api.post("/api/v2/jobs/" + job + "/webhook");
        JsonNode withWebhook = api.get("/api/v2/jobs/" + job).json();
        api.delete("/api/triggeredwebjobs/" + job);

        assertThat(detail.get("next_run_times")).hasSize(5);
        assertThat(detail.get("next_run_times").get(0).asText()).matches("\\d{4}-01-01T00:00:00Z");
        assertThat(detail.get("instances").isArray()).isTrue();
        assertThat(detail.get("webhook").asBoolean()).isFalse();
        assertThat(withWebhook.get("webhook").asBoolean()).isTrue();
        assertThat(withWebhook.toString()).doesNotContain("webhookSecretHash");
    }

    @Test
    void shouldDescribeEveryV2RouteInTheOpenApiDocument() {
        Api.Response response = api.get("/api/v2/openapi.json");
        JsonNode paths = response.json().get("paths");
        List<String> routes = system.routes().stream().filter(r -> r.contains(" /api/v2/")).toList();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("openapi").asText()).startsWith("3.");
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' ')).toLowerCase(Locale.ROOT);
            String path = route.substring(route.indexOf(' ') + 1);
            assertThat(paths.has(path)).as("documented: " + path).isTrue();
            assertThat(paths.get(path).has(method)).as("documented: " + route).isTrue();
        }
        List<String> documented = new ArrayList<>();
        paths.fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        assertThat(routes).as("no documented route is missing from the server").containsAll(documented);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
