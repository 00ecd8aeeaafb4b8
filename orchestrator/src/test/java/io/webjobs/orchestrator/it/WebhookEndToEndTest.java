package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.TriggeredJobEndToEndTest.location;
import static io.webjobs.orchestrator.it.TriggeredJobEndToEndTest.uniqueName;
import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.webjobs.orchestrator.it.CliEndToEndTest.Result;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A triggered job's webhook secret runs that job, and nothing else, without the API's credentials. */
class WebhookEndToEndTest {

    private final TestSystem system = TestSystem.get();
    private final Api api = new Api(system.baseUrl());
    private final Api thirdParty = Api.anonymous(system.baseUrl());

    @Test
    void shouldRunTheJobWithItsOwnSecretAsAWebhookRun() {
        String job = deployed("hooked");
        JsonNode created = api.post("/api/v2/jobs/" + job + "/webhook").json();
        String secret = created.get("secret").asText();

        Api.Response run = thirdParty.send("POST", "/api/triggeredwebjobs/" + job + "/run?arguments=x",
                Map.of("X-Webhook-Secret", secret, "User-Agent", "github-hookshot"));

        assertThat(created.get("url").asText()).isEqualTo(system.baseUrl() + "/api/triggeredwebjobs/" + job + "/run");
        assertThat(created.get("header").asText()).isEqualTo("X-Webhook-Secret");
        assertThat(secret).hasSizeGreaterThanOrEqualTo(24);
        JsonNode finished = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get(location(run)).json(),
                        r -> List.of("Success", "Failed", "Aborted").contains(r.get("status").asText()));
        assertThat(finished.get("status").asText()).isEqualTo("Success");
        assertThat(finished.get("trigger").asText()).isEqualTo("Webhook - github-hookshot");
        Result audit = CliEndToEndTest.cli("audit", "--bootstrap-servers", TestKafka.bootstrapServers(), "--job", job);
        assertThat(audit.out()).containsPattern("RunRequested\\s+actor=webhook");
        assertThat(audit.out()).doesNotContain(secret);
    }

    @Test
    void shouldAcceptTheSecretAsAQueryParameter() {
        String job = deployed("hooked-query");
        String secret = api.post("/api/v2/jobs/" + job + "/webhook").json().get("secret").asText();

        Api.Response run = thirdParty.post("/api/triggeredwebjobs/" + job + "/run?secret=" + secret);

        assertThat(run.status()).isEqualTo(202);
    }

    @Test
    void shouldNotLetOneJobsSecretRunAnotherJobOrDoAnythingElse() {
        String hooked = deployed("own-secret");
        String other = deployed("other-job");
        String secret = api.post("/api/v2/jobs/" + hooked + "/webhook").json().get("secret").asText();
        Map<String, String> withSecret = Map.of("X-Webhook-Secret", secret);

        Api.Response otherRun = thirdParty.send("POST", "/api/triggeredwebjobs/" + other + "/run", withSecret);
        Api.Response delete = thirdParty.send("DELETE", "/api/triggeredwebjobs/" + hooked, withSecret);
        Api.Response read = thirdParty.send("GET", "/api/triggeredwebjobs/" + hooked + "/history", withSecret);
        Api.Response rotate = thirdParty.send("POST", "/api/v2/jobs/" + hooked + "/webhook", withSecret);
        Api.Response unknown = thirdParty.send("POST", "/api/triggeredwebjobs/no-such-job/run", withSecret);

        assertThat(otherRun.status()).isEqualTo(401);
        assertThat(otherRun.json().get("Message").asText()).isEqualTo("The webhook secret is not this job's.");
        assertThat(delete.status()).isEqualTo(401);
        assertThat(read.status()).isEqualTo(401);
        assertThat(rotate.status()).isEqualTo(401);
        assertThat(unknown.status()).as("no hint whether a job exists").isEqualTo(401);
        assertThat(api.get("/api/triggeredwebjobs/" + other + "/history").json().get("runs")).isEmpty();
        assertThat(api.get("/api/triggeredwebjobs/" + hooked).status()).isEqualTo(200);
    }

    @Test
    void shouldRefuseTheOldSecretAfterARotation() {
        String job = deployed("rotated");
        String old = api.post("/api/v2/jobs/" + job + "/webhook").json().get("secret").asText();
        String current = api.post("/api/v2/jobs/" + job + "/webhook").json().get("secret").asText();

        Api.Response withOld = thirdParty.send("POST", "/api/triggeredwebjobs/" + job + "/run",
                Map.of("X-Webhook-Secret", old));
        Api.Response withCurrent = thirdParty.send("POST", "/api/triggeredwebjobs/" + job + "/run",
                Map.of("X-Webhook-Secret", current));

        assertThat(current).isNotEqualTo(old);
        assertThat(withOld.status()).isEqualTo(401);
        assertThat(withCurrent.status()).isEqualTo(202);
    }

    @Test
    void shouldRefuseAWebhookForAnUnknownOrContinuousJobWithAV2Error() {
        Api.Response unknown = api.post("/api/v2/jobs/no-such-job/webhook");
        String continuous = uniqueName("continuous-hook");
        api.putZip("/api/continuouswebjobs/" + continuous, "job.zip", aZipWith("run.sh", "sleep 1\n"));

        Api.Response refused = api.post("/api/v2/jobs/" + continuous + "/webhook");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("job_not_found");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asText()).isEqualTo("Only a triggered job has a webhook.");
        api.delete("/api/continuouswebjobs/" + continuous);
    }

    private String deployed(String prefix) {
        String job = uniqueName(prefix);
        assertThat(api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("run.sh", "echo hook $*\n")).status())
                .isEqualTo(200);
        return job;
    }
}
