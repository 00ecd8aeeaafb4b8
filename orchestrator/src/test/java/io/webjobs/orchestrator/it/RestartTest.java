package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.TriggeredJobEndToEndTest.uniqueName;
import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Jobs and history survive an orchestrator restart with no local state: they are rebuilt from Kafka. */
class RestartTest {

    @Test
    void shouldKeepJobsAndHistoryAcrossARestartWithAnEmptyStateDirectory() {
        TestSystem system = TestSystem.get();
        Api api = new Api(system.baseUrl());
        String job = uniqueName("durable");
        assertThat(api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("run.sh", "echo kept\n")).status())
                .isEqualTo(200);
        String location = api.post("/api/triggeredwebjobs/" + job + "/run").raw().headers().firstValue("Location")
                .orElseThrow();
        String runId = location.substring(location.lastIndexOf('/') + 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get(location).json().get("status").asText(),
                "Success"::equals);

        system.restartOrchestrator();
        Api restarted = new Api(system.baseUrl());

        JsonNode jobJson = await().atMost(Duration.ofSeconds(60)).until(
                () -> restarted.get("/api/triggeredwebjobs/" + job), r -> r.status() == 200).json();
        assertThat(jobJson.get("latest_run").get("id").asText()).isEqualTo(runId);
        assertThat(jobJson.get("latest_run").get("status").asText()).isEqualTo("Success");
        JsonNode runs = restarted.get("/api/triggeredwebjobs/" + job + "/history").json().get("runs");
        assertThat(runs.findValuesAsText("id")).isEqualTo(List.of(runId));
        String log = await().atMost(Duration.ofSeconds(30)).until(
                () -> restarted.get(jobJson.get("latest_run").get("output_url").asText()).body(), b -> b.contains("kept"));
        assertThat(log).contains("INFO] kept");
    }
}
