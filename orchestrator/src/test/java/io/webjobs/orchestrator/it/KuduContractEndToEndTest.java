package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.TriggeredJobEndToEndTest.uniqueName;
import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Kudu contract route by route, on the canonical prefix and every old alias: status codes, headers,
 * JSON field names and types, and the error rows of DESIGN.md §7 (continuous jobs in
 * {@link KuduContinuousContractEndToEndTest}; the WEBJOBS_STOPPED 409 row, on every alias, is in
 * {@link ContinuousJobEndToEndTest}: it flips a global setting).
 */
class KuduContractEndToEndTest {

    static final List<String> TRIGGERED = List.of("/api/triggeredwebjobs", "/api/triggeredjobs", "/jobs/triggered",
            "/api/jobs/triggered");
    static final List<String> CONTINUOUS = List.of("/api/continuouswebjobs", "/api/continuousjobs", "/jobs/continuous",
            "/api/jobs/continuous");
    private static final String DURATION = "\\d{2}:\\d{2}:\\d{2}\\.\\d{7}";

    private final TestSystem system = TestSystem.get();
    private final Api api = new Api(system.baseUrl());

    @Test
    void shouldTagEveryJobListAndAnswer304WhileItIsUnchanged() {
        for (String list : List.of("/api/webjobs", TRIGGERED.get(0), TRIGGERED.get(1), TRIGGERED.get(2), TRIGGERED.get(3),
                CONTINUOUS.get(0), CONTINUOUS.get(1), CONTINUOUS.get(2), CONTINUOUS.get(3))) {
            Api.Response first = api.get(list);
            String etag = first.raw().headers().firstValue("ETag").orElseThrow(() -> new AssertionError(list + " has no ETag"));

            Api.Response again = api.send("GET", list, Map.of("If-None-Match", etag));

            assertThat(first.status()).as(list).isEqualTo(200);
            assertJsonContentType(first, list);
            assertThat(first.json().isArray()).as(list).isTrue();
            assertThat(etag).matches("\"[0-9a-f]{32}\"");
            if (again.status() == 200) {
                // another test changed a job in between: the list must then come with a new tag
                assertThat(again.raw().headers().firstValue("ETag")).as(list).isNotEqualTo(java.util.Optional.of(etag));
            } else {
                assertThat(again.status()).as(list).isEqualTo(304);
                assertThat(again.body()).as(list).isEmpty();
                assertThat(again.raw().headers().firstValue("ETag")).as(list).hasValue(etag);
            }
        }
    }

    @Test
    void shouldSendANewListWhenAJobWasAdded() {
        String etag = api.get("/api/triggeredwebjobs").raw().headers().firstValue("ETag").orElseThrow();
        String job = deployTriggered("etag", "echo\n");

        Api.Response changed = api.send("GET", "/api/triggeredwebjobs", Map.of("If-None-Match", etag));

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().findValuesAsText("name")).contains(job);
        assertThat(changed.raw().headers().firstValue("ETag")).isPresent().isNotEqualTo(java.util.Optional.of(etag));
    }

    @Test
    void shouldListTriggeredJobsBeforeContinuousOnes() {
        String triggered = deployTriggered("order-t", "echo\n");
        String continuous = uniqueName("order-c");
        api.putZip("/api/continuouswebjobs/" + continuous, "job.zip", aZipWith("run.sh", "sleep 30\n"));

        List<String> types = new java.util.ArrayList<>();
        api.get("/api/webjobs").json().forEach(j -> types.add(j.get("type").asText()));

        assertThat(types).contains("triggered", "continuous");
        assertThat(types.lastIndexOf("triggered")).isLessThan(types.indexOf("continuous"));
        api.delete("/api/continuouswebjobs/" + continuous);
        api.delete("/api/triggeredwebjobs/" + triggered);
    }

    @Test
    void shouldServeTriggeredJobJsonOnEveryAliasCaseInsensitively() {
        String job = deployTriggered("contract-t", "echo\n");

        for (String prefix : TRIGGERED) {
            Api.Response response = api.get(prefix + "/" + job.toUpperCase(Locale.ROOT));

            assertThat(response.status()).as(prefix).isEqualTo(200);
            assertJsonContentType(response, prefix);
            JsonNode json = response.json();
            assertJobFields(json, job, "triggered");
            assertType(json, "latest_run", JsonNodeType.NULL);
            assertThat(json.get("history_url").asText()).isEqualTo(system.baseUrl() + "/api/triggeredwebjobs/" + job + "/history");
            assertThat(json.get("scheduler_logs_url").asText()).startsWith(system.baseUrl() + "/");
        }
    }

    @Test
    void shouldServeContinuousJobJsonOnEveryAlias() {
        String job = uniqueName("contract-c");
        Api.Response deployed = api.putZip(CONTINUOUS.get(2) + "/" + job, "job.zip", aZipWith("run.sh", "sleep 30\n"));

        assertThat(deployed.status()).isEqualTo(200);
        for (String prefix : CONTINUOUS) {
            Api.Response response = api.get(prefix + "/" + job);
            assertThat(response.status()).as(prefix).isEqualTo(200);
            assertJsonContentType(response, prefix);
            JsonNode json = response.json();
            assertJobFields(json, job, "continuous");
            assertType(json, "status", JsonNodeType.STRING);
            assertType(json, "detailed_status", JsonNodeType.STRING);
            assertThat(json.get("log_url").asText()).startsWith(system.baseUrl() + "/");
        }
        for (String prefix : CONTINUOUS) {
            assertThat(api.post(prefix + "/" + job + "/stop").status()).as(prefix + " stop").isEqualTo(200);
            assertThat(api.post(prefix + "/" + job + "/start").status()).as(prefix + " start").isEqualTo(200);
            assertThat(api.post(prefix + "/no-such-job/stop").status()).as(prefix + " stop unknown").isEqualTo(404);
            assertThat(api.post(prefix + "/no-such-job/start").status()).as(prefix + " start unknown").isEqualTo(404);
        }
        assertThat(api.delete(CONTINUOUS.get(3) + "/" + job).status()).isEqualTo(200);
        assertThat(api.get(CONTINUOUS.get(0) + "/" + job).status()).isEqualTo(404);
    }

    @Test
    void shouldAnswerRunWith202AndALocationThatShowsTheRunAtOnceOnEveryAlias() {
        for (String prefix : TRIGGERED) {
            String job = deployTriggered("contract-run", "echo ran $*\n");

            Api.Response run = api.post(prefix + "/" + job + "/run?arguments=a%20b");
            String location = run.raw().headers().firstValue("Location").orElseThrow();
            Api.Response entry = api.get(location);

            assertThat(run.status()).as(prefix).isEqualTo(202);
            assertThat(location).matches(java.util.regex.Pattern.quote(system.baseUrl() + "/api/triggeredwebjobs/" + job
                    + "/history/") + "\\d{18}");
            assertThat(entry.status()).as("GET on Location right after the 202").isEqualTo(200);
            JsonNode json = entry.json();
            assertThat(json.get("status").asText()).isIn("Initializing", "Starting", "Running", "Success");
            assertThat(json.get("id").asText()).matches("\\d{18}");
            assertThat(json.get("name").asText()).isEqualTo(json.get("id").asText());
            assertType(json, "start_time", JsonNodeType.STRING);
            assertThat(json.has("end_time")).isTrue();
            assertThat(json.get("duration").asText()).matches(DURATION);
            assertThat(json.get("output_url").asText()).startsWith(system.baseUrl() + "/");
            assertType(json, "error_url", JsonNodeType.NULL);
            assertThat(json.get("url").asText()).isEqualTo(location);
            assertThat(json.get("job_name").asText()).isEqualTo(job);
            assertThat(json.get("trigger").asText()).isEqualTo("External - webjobs-tests");

            JsonNode history = api.get(prefix + "/" + job + "/history").json();
            assertThat(history.get("runs").isArray()).isTrue();
            assertThat(history.get("runs").get(0).get("id").asText()).isEqualTo(json.get("id").asText());
            assertThat(api.get(prefix + "/" + job + "/history/" + json.get("id").asText()).status()).isEqualTo(200);
        }
    }

    @Test
    void shouldAnswerKuduErrorsWithTheirStatusAndMessage() {
        String job = deployTriggered("contract-errors", "sleep 5\n");
        for (String prefix : TRIGGERED) {
            assertError(api.put(prefix + "/" + job, "application/zip", null, aZipWith("run.sh", "echo")), 400,
                    "Missing Content-Disposition header.");
            assertError(api.putZip(prefix + "/" + job, "job.zip", aZipWith("readme.txt", "not a script")), 400,
                    "No runnable script file was found.");
            assertThat(api.get(prefix + "/no-such-job").status()).as(prefix).isEqualTo(404);
            assertThat(api.get(prefix + "/no-such-job").json().get("Message").asText()).contains("not found");
            assertThat(api.post(prefix + "/no-such-job/run").status()).isEqualTo(404);
            assertThat(api.get(prefix + "/" + job + "/history/000000000000000000").status()).isEqualTo(404);
        }
        for (String prefix : CONTINUOUS) {
            assertThat(api.get(prefix + "/no-such-job").status()).as(prefix).isEqualTo(404);
        }

        assertThat(api.post("/api/triggeredwebjobs/" + job + "/run").status()).isEqualTo(202);
        for (String prefix : TRIGGERED) { // the run sleeps 5 s: it is still active for every alias
            assertError(api.post(prefix + "/" + job + "/run"), 409, "Cannot start a new run since job is already running.");
        }
        assertThat(api.delete("/api/triggeredwebjobs/" + job).status()).isEqualTo(200);
        assertThat(api.get("/api/triggeredwebjobs/" + job).status()).isEqualTo(404);
    }

    @Test
    void shouldReadAndReplaceSettingsOnEveryAlias() {
        String job = deployTriggered("contract-settings", "echo\n");

        for (String prefix : TRIGGERED) {
            String settings = "{\"is_singleton\":true,\"alias\":\"" + prefix + "\"}";
            Api.Response put = api.put(prefix + "/" + job + "/settings", "application/json", null,
                    settings.getBytes(StandardCharsets.UTF_8));

            assertThat(put.status()).as(prefix).isEqualTo(200);
            assertThat(api.get(prefix + "/" + job + "/settings").json().get("alias").asText()).isEqualTo(prefix);
        }
        assertError(api.put("/api/triggeredwebjobs/" + job + "/settings", "application/json", null,
                "[1]".getBytes(StandardCharsets.UTF_8)), 400, "Settings must be a JSON object.");
    }

    @Test
    void shouldDeployAndDeleteEachTypeOnEveryAliasWhateverTheCaseOfTheName() {
        for (String type : List.of("triggered", "continuous")) {
            List<String> prefixes = type.equals("triggered") ? TRIGGERED : CONTINUOUS;
            for (String prefix : prefixes) {
                String job = uniqueName("crud-" + type.charAt(0));

                Api.Response deployed = api.putZip(prefix + "/" + job, "job.zip", aZipWith("run.sh", "sleep 30\n"));
                Api.Response deleted = api.delete(prefix + "/" + job.toUpperCase(Locale.ROOT));

                assertThat(deployed.status()).as(prefix + " PUT: " + deployed.body()).isEqualTo(200);
                assertJsonContentType(deployed, prefix);
                assertJobFields(deployed.json(), job, type);
                assertThat(deleted.status()).as(prefix + " DELETE: " + deleted.body()).isEqualTo(200);
                assertThat(api.get(prefix + "/" + job).status()).as(prefix + " GET after DELETE").isEqualTo(404);
                assertThat(api.get("/api/webjobs").json().findValuesAsText("name")).doesNotContain(job);
            }
        }
    }

    @Test
    void shouldNotDeleteAContinuousJobThroughTheTriggeredRoutes() {
        String job = uniqueName("typed-c");
        assertThat(api.putZip(CONTINUOUS.get(0) + "/" + job, "job.zip", aZipWith("run.sh", "sleep 30\n")).status())
                .isEqualTo(200);

        for (String prefix : TRIGGERED) {
            assertNotFound(api.delete(prefix + "/" + job), prefix);
        }

        assertThat(api.get(CONTINUOUS.get(0) + "/" + job).status()).as("continuous job still there").isEqualTo(200);
        assertThat(api.delete(CONTINUOUS.get(0) + "/" + job).status()).isEqualTo(200);
    }

    @Test
    void shouldNotDeleteATriggeredJobThroughTheContinuousRoutes() {
        String job = deployTriggered("typed-t", "echo\n");

        for (String prefix : CONTINUOUS) {
            assertNotFound(api.delete(prefix + "/" + job), prefix);
        }

        assertThat(api.get(TRIGGERED.get(0) + "/" + job).status()).as("triggered job still there").isEqualTo(200);
        assertThat(api.delete(TRIGGERED.get(0) + "/" + job).status()).isEqualTo(200);
    }

    @Test
    void shouldAnswerV2ErrorsAsErrorAndDetail() {
        Api.Response missing = api.get("/api/v2/jobs/no-such-job/log");
        Api.Response noRoute = api.get("/api/v2/no-such-route");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").asText()).isEqualTo("not_found");
        assertThat(missing.json().get("detail").asText()).contains("no-such-job");
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(noRoute.json().fieldNames()).toIterable().containsExactly("error", "detail");
    }

    private String deployTriggered(String prefix, String script) {
        String job = uniqueName(prefix);
        Api.Response deployed = api.putZip(TRIGGERED.get(1) + "/" + job, "job.zip", aZipWith("run.sh", script));
        assertThat(deployed.status()).as(deployed.body()).isEqualTo(200);
        assertJobFields(deployed.json(), job, "triggered");
        return job;
    }

    private void assertJobFields(JsonNode json, String job, String type) {
        assertJobFields(json, job, type, system.baseUrl());
    }

    static void assertJobFields(JsonNode json, String job, String type, String baseUrl) {
        assertThat(json.get("name").asText()).isEqualTo(job);
        assertType(json, "run_command", JsonNodeType.STRING);
        assertThat(json.get("run_command").asText()).isEqualTo("run.sh");
        assertThat(json.get("url").asText()).isEqualTo(baseUrl + "/api/" + type + "webjobs/" + job);
        assertType(json, "extra_info_url", JsonNodeType.NULL);
        assertThat(json.get("type").asText()).isEqualTo(type);
        assertType(json, "error", JsonNodeType.NULL);
        assertType(json, "using_sdk", JsonNodeType.BOOLEAN);
        assertType(json, "settings", JsonNodeType.OBJECT);
    }

    static void assertType(JsonNode json, String field, JsonNodeType type) {
        assertThat(json.has(field)).as(field + " present in " + json).isTrue();
        assertThat(json.get(field).getNodeType()).as(field).isEqualTo(type);
    }

    static void assertError(Api.Response response, int status, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertJsonContentType(response, message);
        assertThat(response.json().get("Message").asText()).isEqualTo(message);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** Kudu's not-found answer: 404 with {@code {"Message": "... not found."}}. */
    static void assertNotFound(Api.Response response, String what) {
        assertThat(response.status()).as(what + ": " + response.body()).isEqualTo(404);
        assertJsonContentType(response, what);
        assertThat(response.json().get("Message").asText()).as(what).endsWith("not found.");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    static void assertJsonContentType(Api.Response response, String what) {
        assertThat(response.raw().headers().firstValue("Content-Type")).as(what + " Content-Type")
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    }
}
