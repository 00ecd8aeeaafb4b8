package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.KuduContractEndToEndTest.CONTINUOUS;
import static io.webjobs.orchestrator.it.KuduContractEndToEndTest.assertError;
import static io.webjobs.orchestrator.it.KuduContractEndToEndTest.assertJobFields;
import static io.webjobs.orchestrator.it.KuduContractEndToEndTest.assertJsonContentType;
import static io.webjobs.orchestrator.it.KuduContractEndToEndTest.assertNotFound;
import static io.webjobs.orchestrator.it.TriggeredJobEndToEndTest.uniqueName;
import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The continuous half of the Kudu contract on the canonical prefix and every old alias: settings, the PUT
 * error rows of DESIGN.md §7, case-insensitive names. One continuous job, deployed once, serves every test.
 */
class KuduContinuousContractEndToEndTest {

    private static final TestSystem SYSTEM = TestSystem.get();
    private static final Api API = new Api(SYSTEM.baseUrl());
    private static String job;

    @BeforeAll
    static void deployOneContinuousJob() {
        job = uniqueName("contract-cs");
        Api.Response deployed = API.putZip(CONTINUOUS.get(0) + "/" + job, "job.zip", aZipWith("run.sh", "sleep 60\n"));
        assertThat(deployed.status()).as(deployed.body()).isEqualTo(200);
    }

    @AfterAll
    static void deleteIt() {
        assertThat(API.delete(CONTINUOUS.get(0) + "/" + job).status()).isEqualTo(200);
    }

    @Test
    void shouldReadAndReplaceSettingsOnEveryAlias() {
        for (String prefix : CONTINUOUS) {
            String settings = "{\"stopping_wait_time\":1,\"alias\":\"" + prefix + "\"}";

            Api.Response put = API.put(prefix + "/" + job + "/settings", "application/json", null,
                    settings.getBytes(StandardCharsets.UTF_8));
            Api.Response get = API.get(prefix + "/" + job + "/settings");

            assertThat(put.status()).as(prefix + " PUT: " + put.body()).isEqualTo(200);
            assertJsonContentType(put, prefix + " PUT");
            assertThat(put.json().get("alias").asText()).isEqualTo(prefix);
            assertThat(get.status()).as(prefix + " GET").isEqualTo(200);
            assertJsonContentType(get, prefix + " GET");
            assertThat(get.json().get("alias").asText()).isEqualTo(prefix);
            assertThat(get.json().get("stopping_wait_time").asInt()).isEqualTo(1);
            assertThat(API.get(prefix + "/" + job).json().get("settings").get("alias").asText()).isEqualTo(prefix);
        }
    }

    @Test
    void shouldAnswerKuduErrorsWithTheirStatusAndMessageOnEveryAlias() {
        for (String prefix : CONTINUOUS) {
            assertError(API.put(prefix + "/" + job, "application/zip", null, aZipWith("run.sh", "sleep 60\n")), 400,
                    "Missing Content-Disposition header.");
            assertError(API.putZip(prefix + "/" + job, "job.zip", aZipWith("readme.txt", "not a script")), 400,
                    "No runnable script file was found.");
            assertError(API.put(prefix + "/" + job + "/settings", "application/json", null,
                    "[1]".getBytes(StandardCharsets.UTF_8)), 400, "Settings must be a JSON object.");
            assertNotFound(API.get(prefix + "/no-such-job"), prefix + " GET");
            assertNotFound(API.get(prefix + "/no-such-job/settings"), prefix + " GET settings");
            assertNotFound(API.put(prefix + "/no-such-job/settings", "application/json", null,
                    "{}".getBytes(StandardCharsets.UTF_8)), prefix + " PUT settings");
            assertNotFound(API.delete(prefix + "/no-such-job"), prefix + " DELETE");
        }
        Api.Response unchanged = API.get(CONTINUOUS.get(0) + "/" + job);
        assertThat(unchanged.status()).isEqualTo(200);
        assertThat(unchanged.json().get("run_command").asText()).as("refused PUTs left the job as it was")
                .isEqualTo("run.sh");
    }

    @Test
    void shouldMatchNamesCaseInsensitivelyOnEveryAlias() {
        String upper = job.toUpperCase(Locale.ROOT);
        for (String prefix : CONTINUOUS) {
            Api.Response get = API.get(prefix + "/" + upper);

            assertThat(get.status()).as(prefix).isEqualTo(200);
            assertJsonContentType(get, prefix);
            assertJobFields(get.json(), job, "continuous", SYSTEM.baseUrl());
            assertThat(API.get(prefix + "/" + upper + "/settings").status()).as(prefix + " settings").isEqualTo(200);
            assertThat(API.post(prefix + "/" + upper + "/stop").status()).as(prefix + " stop").isEqualTo(200);
            assertThat(API.post(prefix + "/" + upper + "/start").status()).as(prefix + " start").isEqualTo(200);
        }
        Api.Response list = API.get(CONTINUOUS.get(0));
        assertThat(list.json().findValuesAsText("name")).contains(job).doesNotContain(upper);
    }
}
