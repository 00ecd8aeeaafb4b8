package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.CliEndToEndTest.cli;
import static io.webjobs.orchestrator.it.TriggeredJobEndToEndTest.uniqueName;
import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webjobs.orchestrator.it.CliEndToEndTest.Result;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's actions from the CLI: list, delete, settings, app-settings, webhook, start/stop, runners,
 * verify, audit; each with --json parsed as a script would; exit codes 0/1/2.
 */
class CliParityEndToEndTest {

    private final TestSystem system = TestSystem.get();
    private final Api api = new Api(system.baseUrl());
    private final String url = system.baseUrl();

    @Test
    void shouldListJobsAsATableAndAsJson() throws Exception {
        String job = deployed("cli-list");

        Result table = cli("list", "--url", url);
        Result json = cli("list", "--json", "--url", url);

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out().lines().findFirst()).hasValueSatisfying(header -> assertThat(header)
                .startsWith("NAME").contains("TYPE", "STATUS", "SCHEDULE", "LAST RUN", "NEXT RUN"));
        assertThat(table.out()).containsPattern(job + "\\s+triggered\\s+Ready");
        JsonNode jobs = new ObjectMapper().readTree(json.out());
        assertThat(jobs.findValuesAsText("name")).contains(job);
    }

    @Test
    void shouldReplaceAndReadAJobsSettings() {
        String job = deployed("cli-settings");

        Result set = cli("settings", "set", job, "{\"is_singleton\":true}", "--url", url);
        Result get = cli("settings", "get", job, "--url", url);
        Result bad = cli("settings", "set", job, "[1]", "--url", url);

        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(get.out()).contains("\"is_singleton\" : true");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("400 Settings must be a JSON object.");
    }

    @Test
    void shouldSetReadAndRemoveAnAppSetting() {
        String name = "CLI_TEST_" + uniqueName("s").replace('-', '_').toUpperCase();

        Result set = cli("app-settings", "set", name + "=hello", "--url", url);
        Result get = cli("app-settings", "get", "--url", url);
        Result removed = cli("app-settings", "set", name + "=", "--url", url);

        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(get.out()).contains(name + "=hello");
        assertThat(removed.exitCode()).isZero();
        assertThat(cli("app-settings", "get", "--json", "--url", url).out()).doesNotContain(name);
    }

    @Test
    void shouldDeleteAJobOfEitherType() {
        String triggered = deployed("cli-delete");
        String continuous = uniqueName("cli-delete-c");
        api.putZip("/api/continuouswebjobs/" + continuous, "job.zip", aZipWith("run.sh", "sleep 30\n"));

        assertThat(cli("delete", triggered, "--url", url).exitCode()).isZero();
        assertThat(cli("delete", continuous, "--url", url).exitCode()).isZero();

        assertThat(api.get("/api/triggeredwebjobs/" + triggered).status()).isEqualTo(404);
        assertThat(api.get("/api/continuouswebjobs/" + continuous).status()).isEqualTo(404);
        Result again = cli("delete", triggered, "--url", url);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("404");
    }

    @Test
    void shouldPrintAWebhookSecretThatRunsTheJob() {
        String job = deployed("cli-webhook");

        Result webhook = cli("webhook", job, "--url", url);
        String secret = webhook.out().replaceAll("(?s).*X-Webhook-Secret: (\\S+).*", "$1");

        assertThat(webhook.exitCode()).as(webhook.err()).isZero();
        assertThat(webhook.out()).contains("url:    " + url + "/api/triggeredwebjobs/" + job + "/run");
        assertThat(Api.anonymous(url).send("POST", "/api/triggeredwebjobs/" + job + "/run",
                Map.of("X-Webhook-Secret", secret)).status()).isEqualTo(202);
    }

    @Test
    void shouldPrintAJobsSettingsAsJson() {
        String job = deployed("cli-settings-json");

        Result set = cli("settings", "set", job, "{\"schedule\":\"0 0 * * * *\"}", "--json", "--url", url);
        Result get = cli("settings", "get", job, "--json", "--url", url);

        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.json().path("schedule").asText()).isEqualTo("0 0 * * * *");
        assertThat(get.json().path("schedule").asText()).isEqualTo("0 0 * * * *");
    }

    @Test
    void shouldPrintAppSettingsAsJson() {
        String name = "CLI_JSON_" + uniqueName("s").replace('-', '_').toUpperCase();

        Result set = cli("app-settings", "set", name + "=42", "--json", "--url", url);
        Result get = cli("app-settings", "get", "--json", "--url", url);
        Result removed = cli("app-settings", "set", name + "=", "--json", "--url", url);

        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.json().path(name).asText()).isEqualTo("42");
        assertThat(get.json().path(name).asText()).isEqualTo("42");
        assertThat(removed.json().has(name)).isFalse();
    }

    @Test
    void shouldStopStartAndDeleteAContinuousJobAsJson() {
        String job = uniqueName("cli-json-c");
        api.putZip("/api/continuouswebjobs/" + job, "job.zip", aZipWith("run.sh", "sleep 30\n"));

        Result stopped = cli("stop", job, "--json", "--url", url);
        Result started = cli("start", job, "--json", "--url", url);
        Result status = cli("status", job, "--json", "--url", url);
        Result deleted = cli("delete", job, "--json", "--url", url);

        assertThat(stopped.exitCode()).as(stopped.err()).isZero();
        assertThat(stopped.json().path("name").asText()).isEqualTo(job);
        assertThat(stopped.json().path("stopped").asBoolean()).isTrue();
        assertThat(started.json().path("stopped").asBoolean()).isFalse();
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.json().path("type").asText()).isEqualTo("continuous");
        assertThat(status.json().path("status").isTextual()).isTrue();
        assertThat(deleted.json().path("deleted").asBoolean()).isTrue();
        assertThat(deleted.json().path("type").asText()).isEqualTo("continuous");
        assertThat(api.get("/api/continuouswebjobs/" + job).status()).isEqualTo(404);
    }

    @Test
    void shouldShowAContinuousJobsStatusAsText() {
        String job = uniqueName("cli-status-c");
        api.putZip("/api/continuouswebjobs/" + job, "job.zip", aZipWith("run.sh", "sleep 30\n"));

        Result status = cli("status", job, "--url", url);

        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("type:        continuous").contains("status:      ");
        api.delete("/api/continuouswebjobs/" + job);
    }

    @Test
    void shouldPrintAWebhookSecretAsJson() {
        String job = deployed("cli-webhook-json");

        Result webhook = cli("webhook", job, "--json", "--url", url);

        assertThat(webhook.exitCode()).as(webhook.err()).isZero();
        assertThat(webhook.json().path("header").asText()).isEqualTo("X-Webhook-Secret");
        assertThat(Api.anonymous(url).send("POST", "/api/triggeredwebjobs/" + job + "/run",
                Map.of("X-Webhook-Secret", webhook.json().path("secret").asText())).status()).isEqualTo(202);
    }

    @Test
    void shouldListRunnersAsJson() {
        Result runners = cli("runners", "--json", "--url", url);

        assertThat(runners.exitCode()).as(runners.err()).isZero();
        assertThat(runners.json().isArray()).isTrue();
        assertThat(runners.json().findValuesAsText("id")).contains(system.mainRunnerId());
    }

    @Test
    void shouldPassVerifyOnAHealthySystemAsTextAndAsJson() {
        deployed("cli-verify");

        Result text = cli("verify", "--url", url);
        Result json = cli("verify", "--json", "--url", url);

        assertThat(text.exitCode()).as(text.out() + text.err()).isZero();
        assertThat(text.out()).matches("ok: [1-9]\\d* jobs rebuilt from [1-9]\\d* events equal the live store\\R");
        assertThat(json.exitCode()).as(json.out() + json.err()).isZero();
        JsonNode result = json.json();
        assertThat(result.path("jobs").asLong()).isPositive();
        assertThat(result.path("events").asLong()).isPositive();
        assertThat(result.path("skipped_records").isNumber()).isTrue();
        assertThat(result.path("differences").isArray()).isTrue();
        assertThat(result.path("differences")).isEmpty();
    }

    @Test
    void shouldPrintTheAuditTimelineAndAPastStatusAsJson() {
        String job = deployed("cli-audit-json");
        Instant afterDeploy = Instant.now();
        assertThat(cli("settings", "set", job, "{\"is_singleton\":true}", "--url", url).exitCode()).isZero();

        Result audit = cli("audit", "--bootstrap-servers", TestKafka.bootstrapServers(), "--job", job, "--json");
        Result past = cli("status", job, "--as-of", afterDeploy.toString(), "--json", "--url", url);

        assertThat(audit.exitCode()).as(audit.err()).isZero();
        List<JsonNode> events = audit.jsonLines();
        assertThat(events).extracting(e -> e.path("event").asText()).containsSubsequence("JobDeployed", "SettingsUpdated");
        assertThat(events).allSatisfy(e -> assertThat(e.path("job").asText()).isEqualTo(job));
        assertThat(past.exitCode()).as(past.err()).isZero();
        assertThat(past.json().path("name").asText()).isEqualTo(job);
        assertThat(past.json().path("settings").asText()).isEqualTo("{}");
    }

    @Test
    void shouldExitWith2OnUsageErrors() {
        assertThat(cli("settings", "--url", url).exitCode()).isEqualTo(2);
        assertThat(cli("app-settings", "set", "no-equals-sign", "--url", url).exitCode()).isEqualTo(2);
        assertThat(cli("list", "--no-such-option", "--url", url).exitCode()).isEqualTo(2);
        assertThat(cli("delete", "--url", url).exitCode()).isEqualTo(2);
    }

    private String deployed(String prefix) {
        String job = uniqueName(prefix);
        assertThat(api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("run.sh", "echo\n")).status()).isEqualTo(200);
        return job;
    }
}
