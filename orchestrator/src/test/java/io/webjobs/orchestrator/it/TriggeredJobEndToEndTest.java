package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RunRequested;
import io.webjobs.avro.RunStatus;
import io.webjobs.avro.RunStatusChanged;
import io.webjobs.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The triggered-job path end to end: HTTP API → commands → topology → runner → child process → status and log. */
class TriggeredJobEndToEndTest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);
    private static TestSystem system;
    private static Api api;

    @BeforeAll
    static void startSystem() {
        system = TestSystem.get();
        api = new Api(system.baseUrl());
    }

    @Test
    void shouldRunAZipAndShowHistoryStatusesAndLog() {
        String job = uniqueName("echo");
        var deployed = api.putZip("/api/triggeredwebjobs/" + job, "job.zip",
                aZipWith("run.sh", "echo \"args: $*\"\necho \"name: $WEBJOBS_NAME run: $WEBJOBS_RUN_ID\"\n"));
        assertThat(deployed.status()).as(deployed.body()).isEqualTo(200);
        assertThat(deployed.json().get("run_command").asText()).isEqualTo("run.sh");
        assertThat(api.get("/api/triggeredwebjobs/" + job).status()).isEqualTo(200);

        var run = api.post("/api/triggeredwebjobs/" + job + "/run?arguments=hello%20world");
        assertThat(run.status()).as(run.body()).isEqualTo(202);
        String location = run.raw().headers().firstValue("Location").orElseThrow();
        String runId = location.substring(location.lastIndexOf('/') + 1);
        assertThat(runId).matches("\\d{18}");
        assertThat(api.get(location).status()).as("the run is visible at once").isEqualTo(200);

        JsonNode finished = awaitFinalRun(location);
        assertThat(finished.get("status").asText()).isEqualTo("Success");
        assertThat(finished.get("exit_code").asInt()).isZero();
        assertThat(Instant.parse(finished.get("end_time").asText()))
                .isAfterOrEqualTo(Instant.parse(finished.get("start_time").asText()));
        assertThat(finished.get("duration").asText()).matches("\\d{2}:\\d{2}:\\d{2}\\.\\d{7}");
        assertThat(finished.get("trigger").asText()).isEqualTo("External - webjobs-tests");

        JsonNode history = api.get("/api/triggeredwebjobs/" + job + "/history").json().get("runs");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("id").asText()).isEqualTo(runId);
        // the store answers before the transaction that wrote the final event commits; the log follows at the commit
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(statusesOf(job, runId))
                .containsExactly(RunStatus.Initializing, RunStatus.Running, RunStatus.Success));

        String log = awaitLogContaining(finished.get("output_url").asText(), "args: hello world");
        assertThat(log).contains("name: " + job + " run: " + runId);
        assertThat(log).containsPattern("\\[\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2} > test-r: INFO\\] args: hello world");
    }

    @Test
    void shouldReportFailedWithTheExitCode() {
        String job = uniqueName("fails");
        api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("run.sh", "echo bad >&2\nexit 3\n"));

        String location = location(api.post("/api/triggeredwebjobs/" + job + "/run"));
        JsonNode finished = awaitFinalRun(location);

        assertThat(finished.get("status").asText()).isEqualTo("Failed");
        assertThat(finished.get("exit_code").asInt()).isEqualTo(3);
        String log = awaitLogContaining(finished.get("output_url").asText(), "exit code 3");
        assertThat(log).contains("ERR ] bad");
    }

    @Test
    void shouldRefuseASecondRunWhileOneIsActive() {
        String job = uniqueName("busy");
        api.putZip("/api/triggeredwebjobs/" + job, "job.zip",
                aZipWith("run.sh", "for i in 1 2 3 4 5 6 7 8 9 10; do echo tick $i; sleep 0.5; done\n"));
        String first = location(api.post("/api/triggeredwebjobs/" + job + "/run"));

        var second = api.post("/api/triggeredwebjobs/" + job + "/run");

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("Message").asText()).isEqualTo("Cannot start a new run since job is already running.");
        awaitFinalRun(first);
        assertThat(api.get("/api/triggeredwebjobs/" + job + "/history").json().get("runs")).hasSize(1);
    }

    @Test
    void shouldAnswer404ForAnUnknownJob() {
        assertThat(api.get("/api/triggeredwebjobs/nope-" + UUID.randomUUID()).status()).isEqualTo(404);
        var run = api.post("/api/triggeredwebjobs/nope-" + UUID.randomUUID() + "/run");
        assertThat(run.status()).isEqualTo(404);
        assertThat(run.json().get("Message").asText()).contains("not found");
    }

    @Test
    void shouldRejectABadName() {
        var response = api.putZip("/api/triggeredwebjobs/-bad.name", "job.zip", aZipWith("run.sh", "echo"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("Message").asText()).contains("Invalid job name '-bad.name'");
        assertThat(api.get("/api/triggeredwebjobs/-bad.name").status()).isEqualTo(404);
    }

    @Test
    void shouldRejectAZipThatEscapesItsFolderAndWriteNothing() throws Exception {
        String job = uniqueName("evil");
        var response = api.putZip("/api/triggeredwebjobs/" + job, "job.zip",
                aZipWith("run.sh", "echo hi", "../evil", "owned"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("Message").asText()).contains("../evil");
        assertThat(api.get("/api/triggeredwebjobs/" + job).status()).isEqualTo(404);
        try (Stream<Path> files = Files.walk(system.runnerDir().getParent())) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("evil"))).isEmpty();
        }
    }

    @Test
    void shouldRejectAZipWithoutARunnableFile() {
        String job = uniqueName("norun");
        var response = api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("readme.txt", "nothing"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("Message").asText()).isEqualTo("No runnable script file was found.");
        assertThat(api.get("/api/triggeredwebjobs/" + job).status()).isEqualTo(404);
    }

    @Test
    void shouldRequireContentDisposition() {
        var response = api.put("/api/triggeredwebjobs/" + uniqueName("nocd"), "application/zip", null,
                aZipWith("run.sh", "echo"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("Message").asText()).isEqualTo("Missing Content-Disposition header.");
    }

    @Test
    void shouldDeployASingleScript() {
        String job = uniqueName("single");
        var response = api.put("/api/triggeredwebjobs/" + job, "application/octet-stream",
                "attachment; filename=hello.sh", "echo single script\n".getBytes(StandardCharsets.UTF_8));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("run_command").asText()).isEqualTo("hello.sh");

        JsonNode finished = awaitFinalRun(location(api.post("/api/triggeredwebjobs/" + job + "/run")));

        assertThat(finished.get("status").asText()).isEqualTo("Success");
        assertThat(awaitLogContaining(finished.get("output_url").asText(), "single script")).isNotEmpty();
    }

    @Test
    void shouldAbortARunThatIsIdleForTheIdleTimeout() {
        String job = uniqueName("idle");
        api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("run.sh", "echo start\nsleep 60\n"));

        JsonNode finished = awaitFinalRun(location(api.post("/api/triggeredwebjobs/" + job + "/run")));

        assertThat(finished.get("status").asText()).isEqualTo("Aborted");
        assertThat(finished.get("reason").asText()).contains("no output nor CPU activity for "
                + TestSystem.IDLE_TIMEOUT_SECONDS + " seconds");
        assertThat(awaitLogContaining(finished.get("output_url").asText(), "no output nor CPU activity")).isNotEmpty();
    }

    @Test
    void shouldListJobsAndDeleteThem() {
        String job = uniqueName("listed");
        api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("run.sh", "echo"));

        assertThat(api.get("/api/webjobs").json().findValuesAsText("name")).contains(job);
        assertThat(api.get("/api/triggeredwebjobs").json().findValuesAsText("name")).contains(job);
        assertThat(api.delete("/api/triggeredwebjobs/" + job).status()).isEqualTo(200);
        assertThat(api.get("/api/triggeredwebjobs/" + job).status()).isEqualTo(404);
        assertThat(api.delete("/api/triggeredwebjobs/" + job).status()).isEqualTo(404);
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String location(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.raw().headers().firstValue("Location").orElseThrow();
    }

    static JsonNode awaitFinalRun(String location) {
        return await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> api.get(location).json(),
                run -> List.of("Success", "Failed", "Aborted").contains(run.get("status").asText()));
    }

    static String awaitLogContaining(String outputUrl, String text) {
        return await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> api.get(outputUrl).body(),
                body -> body.contains(text));
    }

    static <T> T awaitCli(java.util.concurrent.Callable<T> call, java.util.function.Predicate<T> done) {
        return await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(call, done);
    }

    /** The run's statuses as the event log records them, in order (RunRequested means Initializing). */
    static List<RunStatus> statusesOf(String job, String runId) {
        Properties props = new Properties();
        props.putAll(system.kafka());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<RunStatus> statuses = new ArrayList<>();
        try (KafkaConsumer<String, JobEvent> consumer = new KafkaConsumer<>(props,
                Topics.EVENTS.keySerde().deserializer(), Topics.EVENTS.valueSerde().deserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < Topics.EVENTS.partitions(); p++) {
                partitions.add(new TopicPartition(Topics.EVENTS.name(), p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, JobEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!record.key().equals(Topics.jobKey(job))) {
                        continue;
                    }
                    Object payload = record.value().getPayload();
                    if (payload instanceof RunRequested r && r.getRunId().equals(runId)) {
                        statuses.add(RunStatus.Initializing);
                    } else if (payload instanceof RunStatusChanged c && c.getRunId().equals(runId)) {
                        statuses.add(c.getStatus());
                    }
                }
            }
        }
        return statuses;
    }
}
