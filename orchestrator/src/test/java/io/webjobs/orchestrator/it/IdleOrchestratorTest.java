package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.webjobs.orchestrator.app.Orchestrator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An orchestrator with nothing to do writes next to nothing to Kafka. Streams commits a task after any
 * punctuation, so a scheduler looking for due timers every 20 ms made an idle orchestrator commit an empty
 * exactly-once transaction at every commit interval (100 ms): ten a second, each a few records in
 * {@code __transaction_state} and {@code __consumer_offsets}, forever. It now rests until its next timer.
 */
class IdleOrchestratorTest {

    private static final String TRANSACTIONS = "__transaction_state";
    private static final Duration WATCHED = Duration.ofSeconds(5);
    /** Transaction log records of one second at rest: the fleet tick's commit, and room for a second one. */
    private static final long QUIET_SECOND = 6;

    @Test
    void shouldCommitAlmostNothingWhileAScheduledJobWaitsForItsNextTime(@TempDir Path dir) throws Exception {
        try (IsolatedSystem system = IsolatedSystem.start(dir);
                Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", system.bootstrapServers()))) {
            Orchestrator orchestrator = system.startOrchestratorWithDefaultTimings(dir.resolve("streams"));
            system.startRunner("runner-1", false);
            Api api = new Api("http://127.0.0.1:" + orchestrator.port());
            // its next run is minutes away (or, on a quarter hour, a few seconds and then minutes)
            assertThat(api.putZip("/api/triggeredwebjobs/quarterly", "job.zip", aZipWith("run.sh", "echo tick\n",
                    "settings.job", "{\"schedule\": \"0 */15 * * * *\"}")).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/triggeredwebjobs/quarterly").status() == 200);
            // the deploy's own commits are over once a second passes with at most the fleet tick's
            long[] seen = {transactionRecords(admin)};
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                long now = transactionRecords(admin);
                long written = now - seen[0];
                seen[0] = now;
                return written <= QUIET_SECOND;
            });

            long before = seen[0];
            // the fleet tick still commits once a second, ~3 records a transaction: ~15 in 5 s, 135 before
            await().during(WATCHED).atMost(WATCHED.plusSeconds(10)).pollInterval(Duration.ofMillis(250))
                    .until(() -> transactionRecords(admin) - before < 40);
            System.out.printf("idle orchestrator: %d transaction log records in %d s%n",
                    transactionRecords(admin) - before, WATCHED.toSeconds());
        }
    }

    private static long transactionRecords(Admin admin) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(TRANSACTIONS)).allTopicNames()
                .get(30, TimeUnit.SECONDS).get(TRANSACTIONS).partitions().stream()
                .map(p -> new TopicPartition(TRANSACTIONS, p.partition())).toList();
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(r -> r.offset()).sum();
    }
}
