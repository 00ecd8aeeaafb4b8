package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.TriggeredJobEndToEndTest.uniqueName;
import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.webjobs.avro.JobEvent;
import io.webjobs.avro.RunRequested;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.domain.schedule.CronExpression;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduled jobs on the real broker: settings.job schedules, and exactly one run per due time across a crash. */
class ScheduledJobEndToEndTest {

    private static final String EVERY_2_S = "*/2 * * * * *";
    private static final String SETTINGS = "{\"schedule\": \"" + EVERY_2_S + "\"}";

    @Test
    void shouldRunEveryTwoSecondsFromSettingsJob() {
        Api api = new Api(TestSystem.get().baseUrl());
        String job = uniqueName("every2s");
        try {
            assertThat(api.putZip("/api/triggeredwebjobs/" + job, "job.zip",
                    aZipWith("run.sh", "echo tick\n", "settings.job", SETTINGS)).status()).isEqualTo(200);

            JsonNode json = api.get("/api/triggeredwebjobs/" + job).json();
            assertThat(json.get("settings").get("schedule").asText()).isEqualTo(EVERY_2_S);
            assertThat(json.get("next_run_time").isNull()).as(json.toString()).isFalse();
            List<JsonNode> runs = await().atMost(Duration.ofSeconds(60)).until(() -> successfulRuns(api, job),
                    r -> r.size() >= 3);

            assertThat(runs).allSatisfy(r -> assertThat(r.get("trigger").asText()).isEqualTo("Schedule - " + EVERY_2_S));
            List<Instant> due = scheduledRuns(job).stream().map(RunRequested::getDueAt).toList();
            assertThat(due).doesNotHaveDuplicates().allSatisfy(d -> assertThat(d.getEpochSecond() % 2).isZero());
            assertThat(due).hasSizeGreaterThanOrEqualTo(3);
            List<Duration> cadence = new ArrayList<>();
            for (int i = 1; i < due.size(); i++) {
                cadence.add(Duration.between(due.get(i - 1), due.get(i)));
            }
            assertThat(cadence).as("every occurrence since the first fired, in order: " + due)
                    .containsOnly(Duration.ofSeconds(2));
            String schedulerLog = api.get(json.get("scheduler_logs_url").asText()).body();
            assertThat(schedulerLog).contains("SYS INFO] Schedule '" + EVERY_2_S + "' in UTC set; next at")
                    .contains("requested for the schedule at");
        } finally {
            api.delete("/api/triggeredwebjobs/" + job);
        }
    }

    @Test
    void shouldRefuseABadScheduleWith400NamingTheReason() {
        Api api = new Api(TestSystem.get().baseUrl());
        String job = uniqueName("badcron");
        try {
            Api.Response upload = api.putZip("/api/triggeredwebjobs/" + job, "job.zip",
                    aZipWith("run.sh", "echo x\n", "settings.job", "{\"schedule\": \"0 0 0 ? * *\"}"));
            assertThat(upload.status()).isEqualTo(400);
            assertThat(upload.json().get("Message").asText())
                    .isEqualTo("Invalid day-of-month field '?': '?' is not supported (NCrontab has no ? L W #).");

            api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("run.sh", "echo x\n"));
            Api.Response settings = api.put("/api/triggeredwebjobs/" + job + "/settings", "application/json", null,
                    "{\"schedule\": \"0 0 12 * * 7\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(settings.status()).isEqualTo(400);
            assertThat(settings.json().get("Message").asText()).isEqualTo("Invalid day-of-week field '7': 7 is outside 0-6.");
            assertThat(api.get("/api/triggeredwebjobs/" + job + "/settings").body()).isEqualTo("{}");
        } finally {
            api.delete("/api/triggeredwebjobs/" + job);
        }
    }

    @Test
    void shouldNeitherRepeatNorLoseATickWhenTheOrchestratorIsKilled(@TempDir Path dir) throws Exception {
        TestSystem system = TestSystem.get();
        String job = uniqueName("crash");
        Api api = new Api(system.baseUrl());
        // overlapping runs allowed: a run cut short by the crash must not hold back the next ticks
        assertThat(api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("run.sh", "echo tick\n",
                "settings.job", "{\"schedule\": \"" + EVERY_2_S + "\", \"concurrency\": \"allow\"}")).status())
                .isEqualTo(200);
        system.stopOrchestrator();
        try (ChildOrchestrator child = ChildOrchestrator.start(TestKafka.bootstrapServers(), dir.resolve("streams"),
                dir.resolve("child.log"))) {
            int before = scheduledRuns(job).size();
            await().atMost(Duration.ofSeconds(60)).until(() -> scheduledRuns(job).size() >= before + 2);
            child.kill();
        } finally {
            system.resumeOrchestrator();
        }
        Api restarted = new Api(system.baseUrl());
        try {
            int afterCrash = scheduledRuns(job).size();
            await().atMost(Duration.ofSeconds(90)).until(() -> scheduledRuns(job).size() >= afterCrash + 3);

            List<Instant> due = scheduledRuns(job).stream().map(RunRequested::getDueAt).toList();
            assertThat(due).as("one run per due time").doesNotHaveDuplicates().isSorted();
            String log = await().atMost(Duration.ofSeconds(30)).until(
                    () -> restarted.get("/api/vfs/data/jobs/triggered/" + job + "/job_scheduler.log").body(),
                    body -> everyOccurrenceAccountedFor(due, body).isEmpty());
            assertThat(everyOccurrenceAccountedFor(due, log)).as(log).isEmpty();
            assertThat(log).as("the downtime (at least the dead member's 10 s session) is reported by Kudu's rule")
                    .containsPattern("Missed \\d+ schedules, most recent at");
        } finally {
            restarted.delete("/api/triggeredwebjobs/" + job);
        }
    }

    /** The occurrences between the first and the last fired one that neither fired nor were logged as missed or skipped. */
    private static List<Instant> everyOccurrenceAccountedFor(List<Instant> fired, String schedulerLog) {
        Set<Instant> accounted = new java.util.HashSet<>(fired);
        CronExpression cron = CronExpression.parse(EVERY_2_S);
        Matcher missed = Pattern.compile("Missed (\\d+) schedules, most recent at (\\S+)").matcher(schedulerLog);
        while (missed.find()) {
            Instant at = Instant.parse(missed.group(2));
            for (int i = 0; i < Integer.parseInt(missed.group(1)); i++) {
                accounted.add(at.minusSeconds(2L * i));
            }
        }
        Matcher skipped = Pattern.compile("Skipped schedule at (\\S+):").matcher(schedulerLog);
        while (skipped.find()) {
            accounted.add(Instant.parse(skipped.group(1)));
        }
        List<Instant> lost = new ArrayList<>();
        for (Instant at = fired.get(0); at.isBefore(fired.get(fired.size() - 1));
                at = cron.next(at, ZoneOffset.UTC).orElseThrow()) {
            if (!accounted.contains(at)) {
                lost.add(at);
            }
        }
        return lost;
    }

    private static List<JsonNode> successfulRuns(Api api, String job) {
        List<JsonNode> runs = new ArrayList<>();
        api.get("/api/triggeredwebjobs/" + job + "/history").json().get("runs").forEach(r -> {
            if (r.get("status").asText().equals("Success")) {
                runs.add(r);
            }
        });
        return runs;
    }

    /** Every scheduled RunRequested of the job in the committed event log, in order. */
    static List<RunRequested> scheduledRuns(String job) {
        Map<String, Object> props = new HashMap<>(TestSystem.get().kafka());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<RunRequested> runs = new ArrayList<>();
        try (KafkaConsumer<String, JobEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                Topics.EVENTS.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, JobEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key().equals(Topics.jobKey(job)) && record.value().getPayload() instanceof RunRequested r
                            && r.getDueAt() != null) {
                        runs.add(r);
                    }
                }
            }
        }
        return runs;
    }
}
