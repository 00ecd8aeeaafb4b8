package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.webjobs.orchestrator.app.Orchestrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stopped and started again on the same port and data directory, once while idle and once while a
 * run is in flight: the orchestrator's Streams app and the runner come back by themselves, the run in flight
 * ends in a final status and a run requested afterwards completes. On a broker of its own: the shared one
 * serves every other test class of the JVM.
 */
class ChaosBrokerRestartTest {

    private static final Duration RECOVERY = Duration.ofSeconds(90);
    private static final List<String> FINAL = List.of("Success", "Failed", "Aborted");
    /** About 5 s of work that prints every half second (the idle timeout is 3 s), then leaves a file behind. */
    private static final String SLOW = "for i in $(seq 1 10); do echo \"tick $i\"; sleep 0.5; done\n"
            + "touch \"$1\"\n";

    @Test
    void shouldResumeWithoutHelpAfterTheBrokerRestartsIdleAndMidRun(@TempDir Path dir) throws Exception {
        try (IsolatedSystem system = IsolatedSystem.start(dir)) {
            Orchestrator orchestrator = system.startOrchestrator(dir.resolve("streams"));
            String runnerId = system.startRunner("steady-runner", false).runnerId();
            Api api = new Api("http://127.0.0.1:" + orchestrator.port());
            assertThat(api.putZip("/api/triggeredwebjobs/quick", "job.zip", aZipWith("run.sh", "echo done\n")).status())
                    .isEqualTo(200);
            assertThat(api.putZip("/api/triggeredwebjobs/slow", "job.zip", aZipWith("run.sh", SLOW)).status())
                    .isEqualTo(200);
            assertThat(finalStatus(api, requestRun(api, "quick"))).isEqualTo("Success");

            system.stopBroker();
            system.startBroker();
            long back = System.nanoTime();
            assertThat(finalStatus(api, requestRun(api, "quick"))).isEqualTo("Success");
            ChaosReport.recovery("broker-restart-idle", "broker restart while idle → a new run Success",
                    Duration.ofNanos(System.nanoTime() - back));

            Path ended = dir.resolve("slow-run-ended");
            String inFlight = requestRun(api, "slow", "?arguments=" + ended);
            await().atMost(RECOVERY).until(() -> api.get(inFlight).json().path("status").asText(), "Running"::equals);
            system.stopBroker();
            // Down until the process has ended, so that its final report has to wait for the broker.
            await().atMost(RECOVERY).until(() -> Files.exists(ended));
            system.startBroker();
            back = System.nanoTime();
            String status = finalStatus(api, inFlight);
            ChaosReport.recovery("broker-restart-running-in-flight",
                    "broker restart mid-run → the run in flight " + status, Duration.ofNanos(System.nanoTime() - back));
            assertThat(finalStatus(api, requestRun(api, "quick"))).isEqualTo("Success");
            ChaosReport.recovery("broker-restart-running-new-run", "broker restart mid-run → a new run Success",
                    Duration.ofNanos(System.nanoTime() - back));

            assertThat(api.get("/health").status()).isEqualTo(200);
            await().atMost(RECOVERY).until(() -> alive(api.get("/api/v2/runners").json(), runnerId));
            assertThat(api.get("/api/triggeredwebjobs/slow/history").json().get("runs").findValuesAsText("status"))
                    .allSatisfy(s -> assertThat(FINAL).contains(s));
        }
    }

    /** POSTs a run until the orchestrator accepts it (it answers 5xx while it cannot reach Kafka); its URL. */
    private static String requestRun(Api api, String job) {
        return requestRun(api, job, "");
    }

    private static String requestRun(Api api, String job, String query) {
        return await().atMost(RECOVERY).until(() -> {
            Api.Response response = api.post("/api/triggeredwebjobs/" + job + "/run" + query);
            return response.status() / 100 == 2 ? response.raw().headers().firstValue("Location") : Optional.<String>empty();
        }, Optional::isPresent).orElseThrow();
    }

    private static boolean alive(JsonNode runners, String runnerId) {
        for (JsonNode runner : runners) {
            if (runner.path("id").asText().equals(runnerId)) {
                return runner.path("alive").asBoolean();
            }
        }
        return false;
    }

    private static String finalStatus(Api api, String run) {
        return await().atMost(RECOVERY).until(() -> api.get(run).json().path("status").asText(), FINAL::contains);
    }
}
