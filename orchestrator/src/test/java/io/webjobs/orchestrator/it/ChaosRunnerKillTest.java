package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.webjobs.orchestrator.app.Orchestrator;
import io.webjobs.orchestrator.cli.WebJobsCli;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a {@code webjobs runner} process (its own JVM) while it runs a triggered run and holds a continuous
 * singleton: the run ends Aborted naming the lost runner within the liveness timeout, and the singleton moves to
 * the runner that is left. On a broker of its own, so the killed runner is the only one the run could go to.
 */
class ChaosRunnerKillTest {

    private static final Duration START = Duration.ofSeconds(90);
    /** Liveness timeout (8 s) + restart delay (3 s) + placement, with room for a loaded machine. */
    private static final Duration FAILOVER = Duration.ofSeconds(60);
    private static final String LOOP = "while true; do echo tick; sleep 0.5; done\n";

    @Test
    void shouldAbortTheRunsOfAKilledRunnerAndMoveItsSingleton(@TempDir Path dir) throws Exception {
        try (IsolatedSystem system = IsolatedSystem.start(dir)) {
            Orchestrator orchestrator = system.startOrchestrator(dir.resolve("streams"));
            Api api = new Api("http://127.0.0.1:" + orchestrator.port());
            String doomed = "doomed-runner";
            Process runner = runnerProcess(system.bootstrapServers(), doomed, dir);
            List<ProcessHandle> jobProcesses = new ArrayList<>();
            try {
                await().atMost(START).until(() -> aliveRunners(api).contains(doomed));
                assertThat(api.putZip("/api/triggeredwebjobs/looping", "job.zip", aZipWith("run.sh", LOOP)).status())
                        .isEqualTo(200);
                assertThat(api.putZip("/api/continuouswebjobs/singleton", "job.zip", aZipWith("run.sh", LOOP,
                        "settings.job", "{\"is_singleton\": true}")).status()).isEqualTo(200);
                String run = api.post("/api/triggeredwebjobs/looping/run").raw().headers().firstValue("Location")
                        .orElseThrow();
                await().atMost(START).until(() -> api.get(run).json(), r -> r.path("status").asText().equals("Running")
                        && r.path("runner_id").asText().equals(doomed));
                await().atMost(START).until(() -> running(api, "singleton"), holders -> holders.equals(List.of(doomed)));
                String survivor = system.startRunner("survivor-runner", false).runnerId();
                await().atMost(START).until(() -> aliveRunners(api).contains(survivor));
                jobProcesses.addAll(runner.descendants().toList());

                runner.destroyForcibly(); // SIGKILL
                long killed = System.nanoTime();
                assertThat(runner.waitFor(30, TimeUnit.SECONDS)).isTrue();

                JsonNode aborted = await().atMost(FAILOVER).until(() -> api.get(run).json(),
                        r -> r.path("status").asText().equals("Aborted"));
                ChaosReport.recovery("runner-kill-run-aborted", "runner kill -9 → its run Aborted",
                        Duration.ofNanos(System.nanoTime() - killed));
                assertThat(aborted.path("reason").asText()).isEqualTo("runner " + doomed + " lost");

                await().atMost(FAILOVER).until(() -> running(api, "singleton"), holders -> holders.equals(List.of(survivor)));
                ChaosReport.recovery("runner-kill-singleton-moved", "runner kill -9 → its singleton Running elsewhere",
                        Duration.ofNanos(System.nanoTime() - killed));
                assertThat(detailedStatus(api, "singleton")).noneMatch(line -> line.startsWith(doomed + " "));
            } finally {
                runner.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                // The job processes of the killed JVM are orphans now (as on a real host): end them here.
                jobProcesses.forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** {@code webjobs runner} in a child JVM on the test class path: the same main the shaded jar runs. */
    private static Process runnerProcess(String bootstrapServers, String id, Path dir) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), WebJobsCli.class.getName(), "runner",
                "--bootstrap-servers", bootstrapServers, "--id", id, "--work-dir", dir.resolve("work-" + id).toString(),
                "--heartbeat", "1");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(id + ".log").toFile())
                .start();
    }

    private static List<String> aliveRunners(Api api) {
        Api.Response response = api.get("/api/v2/runners");
        List<String> ids = new ArrayList<>();
        if (response.status() == 200) {
            response.json().forEach(r -> {
                if (r.path("alive").asBoolean()) {
                    ids.add(r.path("id").asText());
                }
            });
        }
        return ids;
    }

    private static List<String> detailedStatus(Api api, String job) {
        String text = api.get("/api/continuouswebjobs/" + job).json().path("detailed_status").asText();
        return text.isEmpty() ? List.of() : Arrays.stream(text.split("\n")).sorted().toList();
    }

    /** The runners on which the continuous job's process is Running. */
    private static List<String> running(Api api, String job) {
        return detailedStatus(api, job).stream().filter(l -> l.endsWith(" - Running"))
                .map(l -> l.substring(0, l.indexOf(" - "))).toList();
    }
}
