package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.TriggeredJobEndToEndTest.uniqueName;
import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Continuous jobs across several runners on a real broker: the shared runner plus two more started
 * here. Each job script drops a pid file into a test folder, so the tests count the job's live
 * processes the way an operator would with {@code ps}.
 */
class ContinuousJobEndToEndTest {

    private static final Duration PLACEMENT = Duration.ofSeconds(30);
    /** Liveness timeout (8 s) + restart delay (3 s) + placement, with room for a loaded machine. */
    private static final Duration FAILOVER = Duration.ofSeconds(45);

    private final TestSystem system = TestSystem.get();
    private final Api api = new Api(system.baseUrl());
    private final List<String> extraRunners = new ArrayList<>();
    private final List<String> jobs = new ArrayList<>();
    @TempDir
    Path pids;

    @BeforeEach
    void startTwoMoreRunners() {
        for (String id : List.of(uniqueName("runner-a"), uniqueName("runner-b"))) {
            system.addRunner(id);
            extraRunners.add(id);
        }
    }

    @AfterEach
    void cleanUp() {
        Api current = new Api(system.baseUrl());
        jobs.forEach(job -> current.delete("/api/continuouswebjobs/" + job));
        extraRunners.forEach(system::closeRunner);
    }

    @Test
    void shouldRunAMultiInstanceJobOnEveryLiveRunner() {
        String job = deploy("multi", loopingScript(), null);

        List<String> expected = myRunners().stream().map(r -> r + " - Running").sorted().toList();
        await().atMost(PLACEMENT).until(() -> detailedStatus(job), lines -> lines.equals(expected));
        await().atMost(PLACEMENT).until(this::liveProcesses, n -> n == 3);
        JsonNode json = api.get("/api/continuouswebjobs/" + job).json();
        assertThat(json.get("status").asText()).isEqualTo("Running");
        assertThat(json.get("type").asText()).isEqualTo("continuous");
        String log = await().atMost(PLACEMENT).until(() -> api.get(json.get("log_url").asText()).body(),
                body -> body.split("type=continuous", -1).length - 1 == 3);
        assertThat(log).contains("run=[]").contains("port=");
    }

    @Test
    void shouldRunASingletonOnOneRunnerAndMoveItWhenThatRunnerDies() {
        String job = deploy("single", loopingScript(), "{\"is_singleton\": true}");
        await().atMost(PLACEMENT).until(() -> detailedStatus(job), lines -> lines.size() == 3
                && running(lines).size() == 1 && lines.stream().filter(l -> l.endsWith("InactiveInstance")).count() == 2);
        await().atMost(PLACEMENT).until(this::liveProcesses, n -> n == 1);
        String holder = running(detailedStatus(job)).get(0);

        system.crashRunner(holder);

        await().atMost(FAILOVER).until(() -> detailedStatus(job),
                lines -> running(lines).size() == 1 && !running(lines).contains(holder));
        assertThat(detailedStatus(job)).noneMatch(line -> line.startsWith(holder + " "));
        await().atMost(PLACEMENT).until(this::liveProcesses, n -> n == 1);
    }

    @Test
    void shouldStopTheProcessOfARunnerThatWasDeclaredDeadButStillRuns() {
        String job = deploy("partitioned", loopingScript(), "{\"is_singleton\": true}");
        await().atMost(PLACEMENT).until(() -> running(detailedStatus(job)).size() == 1 && liveProcesses() == 1);
        String holder = running(detailedStatus(job)).get(0);
        long firstPid = pidFiles().get(0);

        system.runner(holder).pauseHeartbeats(true);
        try {
            await().atMost(FAILOVER).until(() -> {
                List<String> running = running(detailedStatus(job));
                return running.size() == 1 && !running.contains(holder);
            });
            // The cut-off runner reads the stop of the moved instance and ends its process.
            await().atMost(PLACEMENT).until(() -> !ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false));
            await().atMost(PLACEMENT).until(this::liveProcesses, n -> n == 1);
        } finally {
            system.runner(holder).pauseHeartbeats(false);
        }
    }

    @Test
    void shouldRelaunchASingletonWhenItsRunnerRestartsUnderTheSameId() {
        String job = deploy("same-id", loopingScript(), "{\"is_singleton\": true}");
        await().atMost(PLACEMENT).until(() -> running(detailedStatus(job)).size() == 1 && liveProcesses() == 1);
        String holder = running(detailedStatus(job)).get(0);
        JsonNode instances = api.get("/api/v2/jobs/" + job).json().get("instances");
        assertThat(instances).as("the v2 detail lists the instance per runner").hasSize(1);
        assertThat(instances.get(0).get("runner").asText()).isEqualTo(holder);
        assertThat(instances.get(0).get("status").asText()).isEqualTo("Running");
        assertThat(Instant.parse(instances.get(0).get("since").asText())).isBefore(Instant.now().plusSeconds(1));

        system.crashAndRestartUnderTheSameId(holder);

        // Well within the liveness timeout: the new runner process heartbeats without the old launch.
        await().atMost(PLACEMENT).until(this::liveProcesses, n -> n == 1);
        await().atMost(PLACEMENT).until(() -> running(detailedStatus(job)).size() == 1);
    }

    @Test
    void shouldWaitInPendingRestartAfterAShortLivedProcessThenRunItAgain() {
        String job = deploy("flaky", "echo $$ > '" + pids + "/'$$.pid\necho up\nsleep 1\nexit 3\n",
                "{\"is_singleton\": true}");

        JsonNode pending = await().atMost(PLACEMENT).until(() -> api.get("/api/continuouswebjobs/" + job).json(),
                json -> json.get("status").asText().equals("PendingRestart"));
        assertThat(pending.get("instances").get(0).get("reason").asText())
                .isEqualTo("Process went down with exit code 3; restarting in 3 s");
        assertThat(pending.get("instances").get(0).get("exit_code").asInt()).isEqualTo(3);
        // A second launch comes after the configured wait; the log has the exit code and the wait.
        await().atMost(PLACEMENT).until(() -> pidFiles().size() >= 2);
        String log = await().atMost(PLACEMENT).until(() -> api.get(pending.get("log_url").asText()).body(),
                body -> body.contains("Restarting after"));
        assertThat(log).contains("Process went down with exit code 3").containsPattern("Restarting after [34] s");
    }

    @Test
    void shouldStopGracefullyStayStoppedAcrossARestartAndStartAgain() {
        String script = "trap 'echo got SIGTERM' TERM\n"
                + "echo $$ > '" + pids + "/'$$.pid\n"
                + "seen=0\n"
                + "while true; do\n"
                + "  if [ $seen = 0 ] && [ -f \"$WEBJOBS_SHUTDOWN_FILE\" ]; then echo \"saw shutdown file $(cat $WEBJOBS_SHUTDOWN_FILE)\"; seen=1; fi\n"
                + "  sleep 0.2\n"
                + "done\n";
        String job = deploy("graceful", script, "{\"is_singleton\": true, \"stopping_wait_time\": 2}");
        await().atMost(PLACEMENT).until(() -> status(job), "Running"::equals);
        await().atMost(PLACEMENT).until(this::liveProcesses, n -> n == 1);

        assertThat(api.post("/api/continuouswebjobs/" + job + "/stop").status()).isEqualTo(200);

        await().atMost(PLACEMENT).until(() -> status(job), "Stopped"::equals);
        await().atMost(PLACEMENT).until(this::liveProcesses, n -> n == 0);
        String log = await().atMost(PLACEMENT).until(() -> api.get("/api/vfs/data/jobs/continuous/" + job
                + "/job_log.txt").body(), body -> body.contains("got SIGTERM"));
        assertThat(log).containsPattern("saw shutdown file \\d{4}-\\d\\d-\\d\\dT");
        assertThat(log).contains("Process did not exit within 2 s; killing it");

        system.restartOrchestrator();
        Api restarted = new Api(system.baseUrl());
        await().atMost(Duration.ofSeconds(60)).until(() -> restarted.get("/api/continuouswebjobs/" + job).status(),
                s -> s == 200);
        assertThat(restarted.get("/api/continuouswebjobs/" + job).json().get("status").asText()).isEqualTo("Stopped");
        assertThat(liveProcesses()).isZero();

        assertThat(restarted.post("/api/continuouswebjobs/" + job + "/start").status()).isEqualTo(200);
        await().atMost(PLACEMENT).until(() -> restarted.get("/api/continuouswebjobs/" + job).json()
                .get("status").asText(), "Running"::equals);
        await().atMost(PLACEMENT).until(this::liveProcesses, n -> n == 1);
    }

    @Test
    void shouldAbortATriggeredRunWhoseRunnerDies() {
        String job = uniqueName("orphan");
        assertThat(api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("run.sh",
                "while true; do echo tick; sleep 0.5; done\n")).status()).isEqualTo(200);
        String location = api.post("/api/triggeredwebjobs/" + job + "/run").raw().headers().firstValue("Location")
                .orElseThrow();
        JsonNode running = await().atMost(PLACEMENT).until(() -> api.get(location).json(),
                run -> run.get("status").asText().equals("Running"));
        String runner = running.get("runner_id").asText();

        system.crashRunner(runner);

        JsonNode aborted = await().atMost(FAILOVER).until(() -> new Api(system.baseUrl()).get(location).json(),
                run -> run.get("status").asText().equals("Aborted"));
        assertThat(aborted.get("reason").asText()).isEqualTo("runner " + runner + " lost");
        api.delete("/api/triggeredwebjobs/" + job);
    }

    @Test
    void shouldStopTheOldVersionGracefullyAndStartTheNewOneOnRedeploy() {
        String v1 = "trap 'echo v1 got SIGTERM; exit 0' TERM\n" + "echo $$ > '" + pids + "/'$$.pid\n"
                + "echo v1 up\nwhile true; do sleep 0.2; done\n";
        String job = deploy("redeploy", v1, "{\"is_singleton\": true}");
        await().atMost(PLACEMENT).until(() -> status(job), "Running"::equals);
        await().atMost(PLACEMENT).until(this::liveProcesses, n -> n == 1);
        List<Long> first = pidFiles();

        String v2 = "echo $$ > '" + pids + "/'$$.pid\necho v2 up\nwhile true; do sleep 0.2; done\n";
        Api.Response redeployed = api.putZip("/api/continuouswebjobs/" + job, "job.zip",
                aZipWith("run.sh", v2, "settings.job", "{\"is_singleton\": true}"));
        assertThat(redeployed.status()).as(redeployed.body()).isEqualTo(200);

        await().atMost(PLACEMENT).until(() -> pidFiles().size() == 2 && liveProcesses() == 1);
        assertThat(ProcessHandle.of(first.get(0)).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        String log = await().atMost(PLACEMENT).until(() -> api.get("/api/vfs/data/jobs/continuous/" + job
                + "/job_log.txt").body(), body -> body.contains("v2 up"));
        assertThat(log.indexOf("v1 got SIGTERM")).isPositive().isLessThan(log.indexOf("v2 up"));
    }

    @Test
    void shouldStopEveryJobAndRefuseRunsWhileWebJobsAreStopped() {
        String job = deploy("app-stop", loopingScript(), "{\"is_singleton\": true, \"stopping_wait_time\": 1}");
        String triggered = uniqueName("refused");
        api.putZip("/api/triggeredwebjobs/" + triggered, "job.zip", aZipWith("run.sh", "echo hi\n"));
        await().atMost(PLACEMENT).until(() -> status(job), "Running"::equals);
        try {
            Api.Response set = api.put("/api/v2/settings", "application/json", null,
                    "{\"WEBJOBS_STOPPED\": \"1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(set.status()).as(set.body()).isEqualTo(200);

            await().atMost(PLACEMENT).until(() -> status(job), "Stopped"::equals);
            await().atMost(PLACEMENT).until(this::liveProcesses, n -> n == 0);
            for (String prefix : KuduContractEndToEndTest.TRIGGERED) {
                KuduContractEndToEndTest.assertError(api.post(prefix + "/" + triggered + "/run"), 409,
                        "WebJobs are currently in \"stopped\" state.");
            }
        } finally {
            api.put("/api/v2/settings", "application/json", null,
                    "{\"WEBJOBS_STOPPED\": null}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        await().atMost(PLACEMENT).until(() -> status(job), "Running"::equals);
        assertThat(api.post("/api/triggeredwebjobs/" + triggered + "/run").status()).isEqualTo(202);
        api.delete("/api/triggeredwebjobs/" + triggered);
    }

    private String deploy(String prefix, String script, String settingsJson) {
        String job = uniqueName(prefix);
        jobs.add(job);
        byte[] zip = settingsJson == null ? aZipWith("run.sh", script)
                : aZipWith("run.sh", script, "settings.job", settingsJson);
        Api.Response deployed = api.putZip("/api/continuouswebjobs/" + job, "job.zip", zip);
        assertThat(deployed.status()).as(deployed.body()).isEqualTo(200);
        return job;
    }

    private String loopingScript() {
        return "echo $$ > '" + pids + "/'$$.pid\n"
                + "echo \"started type=$WEBJOBS_TYPE port=$WEBJOBS_PORT run=[$WEBJOBS_RUN_ID]\"\n"
                + "while true; do sleep 0.2; done\n";
    }

    private List<String> myRunners() {
        List<String> mine = new ArrayList<>(extraRunners);
        mine.add(system.mainRunnerId());
        return mine;
    }

    private String status(String job) {
        return api.get("/api/continuouswebjobs/" + job).json().get("status").asText();
    }

    private List<String> detailedStatus(String job) {
        String text = new Api(system.baseUrl()).get("/api/continuouswebjobs/" + job).json().get("detailed_status")
                .asText();
        return text.isEmpty() ? List.of() : Arrays.stream(text.split("\n")).sorted().toList();
    }

    private static List<String> running(List<String> lines) {
        return lines.stream().filter(l -> l.endsWith(" - Running")).map(l -> l.substring(0, l.indexOf(" - ")))
                .toList();
    }

    private List<Long> pidFiles() {
        try (Stream<Path> files = Files.list(pids)) {
            return files.map(f -> Long.parseLong(f.getFileName().toString().replace(".pid", ""))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long liveProcesses() {
        return pidFiles().stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .count();
    }
}
