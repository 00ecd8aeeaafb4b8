package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webjobs.avro.RejectionCode;
import io.webjobs.contract.CommandOutcome;
import io.webjobs.contract.CommandPublisher;
import io.webjobs.contract.JobCommands;
import io.webjobs.orchestrator.it.CliEndToEndTest.Result;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A scripted history of one job (deploy, run that fails, stop, a run refused while stopped, start,
 * settings change, delete), then {@code audit} and {@code status --as-of} over the real event log.
 */
class AuditEndToEndTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String API_ACTOR = "api:127.0.0.1";

    private static String job;
    private static String runId;
    private static String runnerId;
    private static Instant afterDeploy;
    private static Instant afterStop;
    private static Instant afterSettings;
    private static CommandPublisher publisher;

    @BeforeAll
    static void scriptAHistory() throws Exception {
        TestSystem system = TestSystem.get();
        Api api = new Api(system.baseUrl());
        publisher = new CommandPublisher(system.kafka(), Clock.systemUTC());
        job = "audited-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/api/triggeredwebjobs/" + job;

        assertThat(api.putZip(path, "job.zip", aZipWith("run.sh", "echo failing\nexit 3\n")).status()).isEqualTo(200);
        afterDeploy = tick();
        Api.Response run = api.post(path + "/run");
        assertThat(run.status()).as(run.body()).isEqualTo(202);
        String location = run.raw().headers().firstValue("Location").orElseThrow();
        runId = location.substring(location.lastIndexOf('/') + 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get(location).json().path("status").asText(),
                "Failed"::equals);
        runnerId = api.get(location).json().path("runner_id").asText();
        assertThat(publisher.sendAndAwait(JobCommands.stop(job).by("alice"), Duration.ofSeconds(30)).rejection())
                .isEmpty();
        afterStop = tick();
        CommandOutcome refused = publisher.sendAndAwait(JobCommands.run(job).by("bob"), Duration.ofSeconds(30));
        assertThat(refused.rejection()).hasValueSatisfying(r -> assertThat(r.getCode()).isEqualTo(RejectionCode.STOPPED));
        assertThat(publisher.sendAndAwait(JobCommands.start(job).by("alice"), Duration.ofSeconds(30)).rejection())
                .isEmpty();
        assertThat(api.put(path + "/settings", "application/json", null,
                "{\"is_singleton\":true}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        afterSettings = tick();
        assertThat(api.delete(path).status()).isEqualTo(200);
    }

    @AfterAll
    static void close() {
        publisher.close();
    }

    @Test
    void shouldPrintEveryStepOfOneJobWithActorAndReasonInOrder() {
        Result audit = CliEndToEndTest.cli("audit", "--bootstrap-servers", TestKafka.bootstrapServers(), "--job",
                job.toUpperCase());

        assertThat(audit.exitCode()).as(audit.err()).isZero();
        assertThatTheHistoryIs(audit.out().lines().toList());
    }

    @Test
    void shouldShowTheSameStepsAmongAllJobs() {
        Result audit = CliEndToEndTest.cli("audit", "--bootstrap-servers", TestKafka.bootstrapServers());

        assertThat(audit.exitCode()).as(audit.err()).isZero();
        assertThatTheHistoryIs(audit.out().lines().filter(l -> l.contains("\t" + job + "\t")).toList());
    }

    @Test
    void shouldPrintOneJsonObjectPerLineFilteredByType() throws Exception {
        Result audit = CliEndToEndTest.cli("audit", "--bootstrap-servers", TestKafka.bootstrapServers(), "--job", job,
                "--type", "CommandRejected", "RunStatusChanged", "--json");

        assertThat(audit.exitCode()).as(audit.err()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : audit.out().lines().toList()) {
            lines.add(MAPPER.readTree(line));
        }
        assertThat(lines).extracting(l -> l.get("event").asText()).containsExactly("RunStatusChanged",
                "RunStatusChanged", "CommandRejected");
        JsonNode failed = lines.get(1);
        assertThat(failed.get("run_id").asText()).isEqualTo(runId);
        assertThat(failed.get("actor").asText()).isEqualTo(runnerId);
        assertThat(failed.get("details").get("exit_code").asInt()).isEqualTo(3);
        assertThat(failed.get("details").get("reason").asText()).isEqualTo("Job failed due to exit code 3");
        assertThat(lines.get(2).get("actor").asText()).isEqualTo("bob");
        assertThat(lines.get(2).get("details").get("code").asText()).isEqualTo("STOPPED");
    }

    @Test
    void shouldShowOnlyTheWindowBetweenSinceAndUntil() {
        Result audit = CliEndToEndTest.cli("audit", "--bootstrap-servers", TestKafka.bootstrapServers(), "--job", job,
                "--since", afterStop.toString(), "--until", afterSettings.toString());

        assertThat(audit.exitCode()).as(audit.err()).isZero();
        assertThat(audit.out().lines().map(l -> l.split("\t")[2]).toList()).containsExactly("CommandRejected",
                "JobStarted", "SettingsUpdated");
    }

    @Test
    void shouldShowTheJobAsItWasAtThreePointsInTime() {
        String url = TestSystem.get().baseUrl();

        Result deployed = CliEndToEndTest.cli("status", job, "--as-of", afterDeploy.toString(), "--url", url);
        Result stopped = CliEndToEndTest.cli("status", job, "--as-of", afterStop.toString(), "--url", url);
        Result changed = CliEndToEndTest.cli("status", job, "--as-of", afterSettings.toString(), "--url", url);
        Result deleted = CliEndToEndTest.cli("status", job, "--as-of", Instant.now().toString(), "--url", url);

        assertThat(deployed.exitCode()).as(deployed.err()).isZero();
        assertThat(deployed.out()).contains("state:       started").contains("settings:    {}")
                .contains("latest run:  none");
        assertThat(stopped.out()).contains("state:       stopped").contains("settings:    {}")
                .contains("latest run:  " + runId + " Failed exit 3 (Job failed due to exit code 3)");
        assertThat(changed.out()).contains("state:       started").contains("settings:    {\"is_singleton\":true}")
                .contains("latest run:  " + runId + " Failed exit 3");
        assertThat(deleted.exitCode()).isNotZero();
        assertThat(deleted.err()).contains("404").contains("did not exist at");
    }

    @Test
    void shouldAnswerTheV2RouteAsOfATimeAndRefuseABadTime() {
        Api api = new Api(TestSystem.get().baseUrl());

        Api.Response stopped = api.get("/api/v2/jobs/" + job + "?as_of=" + afterStop.toEpochMilli());
        Api.Response bad = api.get("/api/v2/jobs/" + job + "?as_of=yesterday");

        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.json().get("stopped").asBoolean()).isTrue();
        assertThat(stopped.json().get("runs").get(0).get("exit_code").asInt()).isEqualTo(3);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).isEqualTo("bad_as_of");
        assertThat(bad.json().get("detail").asText()).contains("'yesterday' is not a time");
    }

    @Test
    void shouldRefuseAnUnknownEventTypeOrTime() {
        Result type = CliEndToEndTest.cli("audit", "--bootstrap-servers", TestKafka.bootstrapServers(), "--type",
                "JobExploded");
        Result time = CliEndToEndTest.cli("audit", "--bootstrap-servers", TestKafka.bootstrapServers(), "--since",
                "last tuesday");

        assertThat(type.exitCode()).isNotZero();
        assertThat(type.err()).contains("--type: unknown event type 'JobExploded'; one of JobDeployed, JobDeleted");
        assertThat(time.exitCode()).isNotZero();
        assertThat(time.err()).contains("--since: 'last tuesday' is not a time");
    }

    @Test
    void shouldSayWhenKafkaCannotBeReached() {
        Result audit = CliEndToEndTest.cli("audit", "--bootstrap-servers", "127.0.0.1:1");

        assertThat(audit.exitCode()).isNotZero();
        assertThat(audit.err()).contains("cannot read the event log from Kafka at 127.0.0.1:1");
    }

    private static void assertThatTheHistoryIs(List<String> lines) {
        assertThat(lines).extracting(l -> l.split("\t")[2] + " " + l.split("\t")[3]).containsExactly(
                "JobDeployed actor=" + API_ACTOR,
                "RunRequested actor=" + API_ACTOR,
                "RunStatusChanged actor=" + runnerId,
                "RunStatusChanged actor=" + runnerId,
                "JobStopped actor=alice",
                "CommandRejected actor=bob",
                "JobStarted actor=alice",
                "SettingsUpdated actor=" + API_ACTOR,
                "JobDeleted actor=" + API_ACTOR);
        assertThat(lines.get(1)).contains("run=" + runId).contains("trigger=External - webjobs-tests");
        assertThat(lines.get(2)).contains("status=Running");
        assertThat(lines.get(3)).contains("run=" + runId).contains("status=Failed exit_code=3 reason=Job failed due to exit code 3");
        assertThat(lines.get(5)).contains("code=STOPPED reason=Job '" + job + "' is stopped.");
        assertThat(lines.get(7)).contains("settings={\"is_singleton\":true}");
    }

    /** A point in time strictly between the last event and the next one (events are stamped in ms). */
    private static Instant tick() {
        Instant now = Instant.now();
        await().pollInterval(Duration.ofMillis(2)).until(() -> Instant.now().toEpochMilli() > now.toEpochMilli() + 1);
        return now;
    }
}
