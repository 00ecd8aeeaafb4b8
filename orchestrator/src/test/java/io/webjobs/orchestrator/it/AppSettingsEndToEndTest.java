package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.CliEndToEndTest.cli;
import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * App settings on the real broker, through PUT/DELETE /api/v2/settings: each takes effect without a restart.
 * They are global to the shared test system, so every test that sets a built-in one restores it in a
 * finally block, and they all live in this one class.
 */
class AppSettingsEndToEndTest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);

    private final TestSystem system = TestSystem.get();
    private final Api api = new Api(system.baseUrl());

    @Test
    void shouldGiveAUserSettingToTriggeredRunsAndContinuousInstancesAsAnEnvironmentVariable() {
        String name = "GREETING_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        String triggered = uniqueName("env");
        String continuous = uniqueName("env-c");
        String script = "echo \"greeting: [$" + name + "]\"\n";
        api.putZip("/api/triggeredwebjobs/" + triggered, "job.zip", aZipWith("run.sh", script));
        try {
            assertThat(putSettings("{\"" + name + "\": \"hello from settings\"}").status()).isEqualTo(200);
            api.putZip("/api/continuouswebjobs/" + continuous, "job.zip", aZipWith("run.sh", script + "sleep 60\n"));

            JsonNode run = awaitFinalRun(location(api.post("/api/triggeredwebjobs/" + triggered + "/run")));
            assertThat(awaitBody(run.get("output_url").asText(), "greeting: [")).contains("greeting: [hello from settings]");
            assertThat(awaitBody("/api/vfs/data/jobs/continuous/" + continuous + "/job_log.txt", "greeting: ["))
                    .contains("greeting: [hello from settings]");

            Api.Response removed = api.delete("/api/v2/settings/" + name);
            assertThat(removed.status()).as(removed.body()).isEqualTo(200);
            assertThat(removed.json().has(name)).isFalse();
            JsonNode after = awaitFinalRun(location(api.post("/api/triggeredwebjobs/" + triggered + "/run")));
            assertThat(awaitBody(after.get("output_url").asText(), "greeting: [")).contains("greeting: []");
            assertThat(api.delete("/api/v2/settings/" + name).status()).as("no longer set").isEqualTo(404);
        } finally {
            api.delete("/api/v2/settings/" + name);
            api.delete("/api/continuouswebjobs/" + continuous);
            api.delete("/api/triggeredwebjobs/" + triggered);
        }
    }

    @Test
    void shouldApplyANewIdleTimeoutToTheRunsRequestedAfterTheChange() {
        String job = uniqueName("idle-setting");
        api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("run.sh", "echo start\nsleep 6\necho done\n"));

        JsonNode underStartUpOption = awaitFinalRun(location(api.post("/api/triggeredwebjobs/" + job + "/run")));
        assertThat(underStartUpOption.get("status").asText()).isEqualTo("Aborted");
        try {
            Api.Response set = putSettings("{\"WEBJOBS_IDLE_TIMEOUT\": \"60\"}");
            assertThat(set.status()).as(set.body()).isEqualTo(200);
            assertThat(set.json().get("WEBJOBS_IDLE_TIMEOUT").asText()).isEqualTo("60");

            JsonNode underAppSetting = awaitFinalRun(location(api.post("/api/triggeredwebjobs/" + job + "/run")));
            assertThat(underAppSetting.get("status").asText()).as(underAppSetting.toString()).isEqualTo("Success");
        } finally {
            api.delete("/api/v2/settings/WEBJOBS_IDLE_TIMEOUT");
            api.delete("/api/triggeredwebjobs/" + job);
        }
        assertThat(api.get("/api/v2/settings").json().get("WEBJOBS_IDLE_TIMEOUT").asText())
                .as("the start-up option again").isEqualTo(Integer.toString(TestSystem.IDLE_TIMEOUT_SECONDS));
    }

    @Test
    void shouldMoveAndPauseNextRunTimesWithTheTimeZoneAndDisableSettings() {
        String job = uniqueName("zoned");
        api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("run.sh", "echo\n", "settings.job",
                "{\"schedule\": \"0 0 0 * * *\"}"));
        String utcMidnight = await().atMost(RUN_TIMEOUT).until(() -> nextRunTime(job), t -> !t.isEmpty());
        assertThat(utcMidnight).endsWith("T00:00:00Z");
        try {
            assertThat(putSettings("{\"WEBSITE_TIME_ZONE\": \"Asia/Kolkata\"}").status()).isEqualTo(200);
            // midnight in Kolkata (UTC+05:30) is 18:30 UTC
            await().atMost(RUN_TIMEOUT).until(() -> nextRunTime(job), t -> t.endsWith("T18:30:00Z"));

            assertThat(putSettings("{\"WEBJOBS_DISABLE_SCHEDULE\": \"true\"}").status()).isEqualTo(200);
            assertThat(nextRunTime(job)).as("no schedule fires").isEmpty();
            assertThat(api.get("/api/v2/settings").json().get("WEBJOBS_DISABLE_SCHEDULE").asText()).isEqualTo("1");
        } finally {
            api.delete("/api/v2/settings/WEBJOBS_DISABLE_SCHEDULE");
            api.delete("/api/v2/settings/WEBSITE_TIME_ZONE");
        }
        await().atMost(RUN_TIMEOUT).until(() -> nextRunTime(job), utcMidnight::equals);
        api.delete("/api/triggeredwebjobs/" + job);
    }

    @Test
    void shouldKeepTheHistorySizeInForceAndStillVerifyAgainstAReplayOfTheLog() {
        String job = uniqueName("short-history");
        api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("run.sh", "echo ok\n"));
        try {
            assertThat(putSettings("{\"WEBJOBS_HISTORY_SIZE\": \"2\"}").status()).isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                awaitFinalRun(location(api.post("/api/triggeredwebjobs/" + job + "/run")));
            }

            assertThat(api.get("/api/triggeredwebjobs/" + job + "/history").json().get("runs")).hasSize(2);
            // the replay folds with the start-up size (50) unless the log says which size pruned each run
            CliEndToEndTest.Result verified = CliEndToEndTest.cli("verify", "--url", system.baseUrl());
            assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
        } finally {
            api.delete("/api/v2/settings/WEBJOBS_HISTORY_SIZE");
            api.delete("/api/triggeredwebjobs/" + job);
        }
    }

    @Test
    void shouldRefuseABadSettingWith400AndStoreNothing() {
        String good = "GOOD_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);

        assertProblem(putSettings("{\"WEBSITE_TIME_ZONE\": \"Mars/Olympus_Mons\"}"), "IANA time zone");
        assertProblem(putSettings("{\"WEBJOBS_HISTORY_SIZE\": \"0\"}"), "positive whole number");
        assertProblem(putSettings("{\"WEBJOBS_IDLE_TIMEOUT\": \"soon\"}"), "positive whole number");
        assertProblem(putSettings("{\"" + good + "\": \"1\", \"NOT-A-NAME\": \"x\"}"), "not a valid environment variable");
        assertProblem(putSettings("{\"WEBJOBS_RUN_ID\": \"1\"}"), "reserved");
        assertProblem(api.delete("/api/v2/settings/NOT-A-NAME"), "not a valid environment variable");

        JsonNode settings = api.get("/api/v2/settings").json();
        assertThat(settings.has(good)).as("nothing of a refused body is stored").isFalse();
        assertThat(settings.get("WEBSITE_TIME_ZONE").asText()).isEqualTo("UTC");
        assertThat(settings.get("WEBJOBS_HISTORY_SIZE").asText()).isEqualTo("50");
    }

    @Test
    void shouldSetAndUnsetAUserSettingFromTheCli() {
        String name = "CLI_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);

        assertThat(cli("app-settings", "set", name + "=on", "--url", system.baseUrl()).exitCode()).isZero();
        assertThat(cli("app-settings", "get", "--url", system.baseUrl()).out())
                .contains(name + "=on", "WEBJOBS_IDLE_TIMEOUT=" + TestSystem.IDLE_TIMEOUT_SECONDS);
        CliEndToEndTest.Result unset = cli("app-settings", "unset", name, "--url", system.baseUrl());

        assertThat(unset.exitCode()).as(unset.err()).isZero();
        assertThat(api.get("/api/v2/settings").json().has(name)).isFalse();
        assertThat(cli("app-settings", "unset", name, "--url", system.baseUrl()).exitCode()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAChunkedUploadOverTheLimitWhileItStreams() throws Exception {
        String job = uniqueName("chunked");
        long limit = TestSystem.UPLOAD_LIMITS.maxUploadBytes();
        HttpRequest request = HttpRequest.newBuilder(URI.create(system.baseUrl() + "/api/triggeredwebjobs/" + job))
                .header("Authorization", Api.AUTHORIZATION)
                .header("Content-Type", "application/octet-stream")
                .header("Content-Disposition", "attachment; filename=run.sh")
                // no length: sent chunked, so only reading it can tell its size; within the unpacked limit, so
                // only the upload limit refuses it
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new Filler(limit + limit / 2)))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.body()).contains("larger than the limit of " + limit + " bytes");
        assertThat(api.get("/api/triggeredwebjobs/" + job).status()).isEqualTo(404);
    }

    private Api.Response putSettings(String json) {
        return api.put("/api/v2/settings", "application/json", null, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertProblem(Api.Response response, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("error").asText()).isEqualTo("invalid_setting");
        assertThat(response.json().get("detail").asText()).contains(detail);
    }

    private String nextRunTime(String job) {
        JsonNode next = api.get("/api/triggeredwebjobs/" + job).json().get("next_run_time");
        return next == null || next.isNull() ? "" : next.asText();
    }

    private JsonNode awaitFinalRun(String location) {
        return await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> api.get(location).json(),
                run -> List.of("Success", "Failed", "Aborted").contains(run.get("status").asText()));
    }

    private String awaitBody(String url, String text) {
        return await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> api.get(url).body(),
                body -> body.contains(text));
    }

    private static String location(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.raw().headers().firstValue("Location").orElseThrow();
    }

    private static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** {@code size} bytes of a script comment, made as they are read. */
    private static final class Filler extends InputStream {
        private long left;

        Filler(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            return left-- > 0 ? '#' : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) '#');
            left -= n;
            return n;
        }
    }
}
