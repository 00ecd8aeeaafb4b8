package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.webjobs.orchestrator.api.ApiCredentials;
import io.webjobs.orchestrator.app.ChildJvm;
import io.webjobs.orchestrator.cli.WebJobsCli;
import io.webjobs.runner.Runner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** More instances the way an operator adds them: `webjobs runner` as its own process, and `up --runners N` (each a child JVM). */
class RunnerProcessEndToEndTest {

    private static final Duration START = Duration.ofSeconds(90);

    @Test
    void shouldJoinTheFleetAsItsOwnProcessAndRunAContinuousJob(@TempDir Path dir) throws Exception {
        TestSystem system = TestSystem.get();
        Api api = new Api(system.baseUrl());
        String runnerId = "cli-runner-" + UUID.randomUUID().toString().substring(0, 6);
        String job = "fleet-" + UUID.randomUUID().toString().substring(0, 8);
        Process runner = cli(dir.resolve("runner.log"), "runner", "--bootstrap-servers",
                TestKafka.bootstrapServers(), "--id", runnerId, "--work-dir", dir.resolve("work").toString(),
                "--heartbeat", "1");
        try {
            await().atMost(START).until(() -> aliveRunners(api).contains(runnerId));
            Path heartbeat = dir.resolve("work").resolve(Runner.HEARTBEAT_FILE);
            await().atMost(START).until(() -> Files.exists(heartbeat));
            Instant first = Instant.parse(Files.readString(heartbeat).strip());
            await("the heartbeat file follows the heartbeats Kafka stored").atMost(START).until(() ->
                    Instant.parse(Files.readString(heartbeat).strip()).isAfter(first));
            assertThat(Duration.between(first, Instant.now())).isLessThan(Duration.ofSeconds(30));

            assertThat(api.putZip("/api/continuouswebjobs/" + job, "job.zip", aZipWith("run.sh", "echo up\nsleep 60\n"))
                    .status()).isEqualTo(200);

            await().atMost(START).until(() -> api.get("/api/continuouswebjobs/" + job).json()
                    .path("detailed_status").asText(), s -> s.contains(runnerId + " - Running"));
        } finally {
            api.delete("/api/continuouswebjobs/" + job);
            stop(runner);
        }
        await().atMost(START).until(() -> !aliveRunners(api).contains(runnerId));
    }

    @Test
    void shouldStartSeveralRunnersWithUpEachInAJvmOfItsOwnThatComesBackWhenKilledAndEndsWithUp(@TempDir Path dir)
            throws Exception {
        Path log = dir.resolve("up.log");
        Process up = cli(log, "up", "--port", "0", "--data-dir", dir.resolve("data").toString(), "--runners", "2",
                "--api-password", "secret-for-test");
        List<ProcessHandle> runnerJvms = new ArrayList<>();
        try {
            String url = await().atMost(START).until(() -> readyUrl(log), u -> u != null);
            Api api = new Api(url, ApiCredentials.basic("admin", "secret-for-test"));
            List<String> runners = await().atMost(START).until(() -> aliveRunners(api), r -> r.size() == 2);
            assertThat(runners).doesNotHaveDuplicates();
            List<ProcessHandle> first = runnerJvms(up);
            assertThat(first).hasSize(2);
            assertThat(first.stream().map(RunnerProcessEndToEndTest::runnerId))
                    .containsExactlyInAnyOrderElementsOf(runners);

            ProcessHandle killed = first.get(0);
            String lost = runnerId(killed);
            String kept = runnerId(first.get(1));
            killed.destroyForcibly();
            await("the killed runner is declared lost and another JVM takes its place").atMost(START)
                    .until(() -> aliveRunners(api), alive -> alive.size() == 2 && !alive.contains(lost)
                            && alive.contains(kept));
            runnerJvms.addAll(runnerJvms(up));
            assertThat(runnerJvms).hasSize(2).doesNotContain(killed);

            up.destroyForcibly(); // kill -9: no shutdown hook stops the runners
            up.waitFor(30, TimeUnit.SECONDS);
            await("runners that would run jobs for nobody stop themselves").atMost(START)
                    .until(() -> runnerJvms.stream().noneMatch(ProcessHandle::isAlive));
        } finally {
            stop(up);
            runnerJvms.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The runner JVMs {@code up} started (its children that run {@code webjobs runner}). */
    private static List<ProcessHandle> runnerJvms(Process up) {
        return up.children().filter(ProcessHandle::isAlive).filter(RunnerProcessEndToEndTest::runsRunner).toList();
    }

    private static boolean runsRunner(ProcessHandle process) {
        return arguments(process).contains("runner");
    }

    /** The value of the runner JVM's {@code --id}. */
    private static String runnerId(ProcessHandle process) {
        List<String> arguments = arguments(process);
        return arguments.get(arguments.indexOf("--id") + 1);
    }

    /** From /proc, NUL-separated: ProcessHandle.Info drops them for a long class path. */
    private static List<String> arguments(ProcessHandle process) {
        try {
            return List.of(Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"),
                    StandardCharsets.UTF_8).split("\0"));
        } catch (IOException gone) {
            return List.of();
        }
    }

    private static List<String> aliveRunners(Api api) {
        Api.Response response = api.get("/api/v2/runners");
        if (response.status() != 200) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode runner : response.json()) {
            if (runner.path("alive").asBoolean()) {
                ids.add(runner.path("id").asText());
            }
        }
        return ids;
    }

    private static String readyUrl(Path log) throws IOException {
        Matcher ready = Pattern.compile("webjobs ready at (http://\\S+)").matcher(Files.readString(log, StandardCharsets.UTF_8));
        return ready.find() ? ready.group(1) : null;
    }

    /** The CLI in a child JVM on the test class path: the same main the shaded jar runs. */
    private static Process cli(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path"), WebJobsCli.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** SIGTERM, as an operator stops it: shutdown hooks leave the fleet cleanly. */
    private static void stop(Process process) throws InterruptedException {
        ChildJvm.stop(process, Duration.ofSeconds(30));
    }
}
