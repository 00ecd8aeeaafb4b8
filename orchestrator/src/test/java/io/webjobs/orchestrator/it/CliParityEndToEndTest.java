package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.CliEndToEndTest.cli;
import static io.webjobs.orchestrator.it.TriggeredJobEndToEndTest.uniqueName;
import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webjobs.orchestrator.it.CliEndToEndTest.Result;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard's actions from the CLI: list, delete, settings, app-settings, webhook; --json; exit codes 0/1/2. */
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
