package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.TriggeredJobEndToEndTest.uniqueName;
import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Concurrency {@code replace} on the real broker and runner: each tick stops the run still going and starts
 * its own, and the stopped run's process is really gone.
 */
class ReplaceConcurrencyEndToEndTest {

    private static final String EVERY_3_S = "*/3 * * * * *";
    /** Talks every half second (the test system's idle timeout is 3 s) for 30 s, far longer than a tick. */
    private static final String LONG_RUN = "echo \"pid $$\"\nfor i in $(seq 1 60); do echo \"alive $i\"; sleep 0.5; done\n";
    private static final Pattern PID = Pattern.compile("INFO\\] pid (\\d+)");

    @Test
    void shouldStopTheRunningRunAndStartTheScheduledOneWhenConcurrencyIsReplace() {
        Api api = new Api(TestSystem.get().baseUrl());
        String job = uniqueName("replace");
        try {
            assertThat(api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("run.sh", LONG_RUN,
                    "settings.job", "{\"schedule\": \"" + EVERY_3_S + "\", \"concurrency\": \"replace\", "
                            + "\"stopping_wait_time\": 2}")).status()).isEqualTo(200);

            List<JsonNode> replaced = await().atMost(Duration.ofSeconds(60))
                    .until(() -> runs(api, job, "Aborted"), r -> r.size() >= 2);

            assertThat(replaced).allSatisfy(run -> {
                assertThat(run.get("reason").asText()).startsWith("Replaced by the schedule at ");
                assertThat(run.get("trigger").asText()).isEqualTo("Schedule - " + EVERY_3_S);
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode latest = api.get("/api/triggeredwebjobs/" + job).json().get("latest_run");
                assertThat(latest.get("status").asText()).isEqualTo("Running");
                assertThat(latest.get("start_time").asText())
                        .isGreaterThan(replaced.get(replaced.size() - 1).get("start_time").asText());
            });
            for (JsonNode run : replaced) {
                String log = await().atMost(Duration.ofSeconds(30)).until(
                        () -> api.get(run.get("output_url").asText()).body(),
                        body -> body.contains("Status changed to Aborted"));
                Matcher pid = PID.matcher(log);
                if (pid.find()) { // a run replaced before its runner started it never had a process
                    long processId = Long.parseLong(pid.group(1));
                    await("process " + processId + " of run " + run.get("id").asText()).atMost(Duration.ofSeconds(15))
                            .until(() -> ProcessHandle.of(processId).map(p -> !p.isAlive()).orElse(true));
                    assertThat(log).contains(run.get("reason").asText() + ": stopping the process")
                            .doesNotContain("alive 60");
                }
            }
            assertThat(replaced).as("at least one replaced run had started its process")
                    .anySatisfy(run -> assertThat(api.get(run.get("output_url").asText()).body()).containsPattern(PID));
            String schedulerLog = api.get(api.get("/api/triggeredwebjobs/" + job).json().get("scheduler_logs_url")
                    .asText()).body();
            assertThat(schedulerLog).contains("aborted: Replaced by the schedule at")
                    .contains("is told to stop it");
        } finally {
            api.delete("/api/triggeredwebjobs/" + job);
        }
    }

    private static List<JsonNode> runs(Api api, String job, String status) {
        List<JsonNode> runs = new ArrayList<>();
        api.get("/api/triggeredwebjobs/" + job + "/history").json().get("runs").forEach(r -> {
            if (r.get("status").asText().equals(status)) {
                runs.add(r);
            }
        });
        return runs;
    }
}
