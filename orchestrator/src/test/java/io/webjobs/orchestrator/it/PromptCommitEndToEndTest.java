package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.webjobs.orchestrator.app.Orchestrator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactly-once commit interval holds back only what nobody waits for. With an interval of ten
 * minutes an orchestrator still answers a deploy, hands a run to a runner and fires a schedule, each
 * long before its interval could have committed them: what a runner or a client waits for asks for
 * its commit itself.
 */
class PromptCommitEndToEndTest {

    private static final long TEN_MINUTES_MS = Duration.ofMinutes(10).toMillis();
    /** The broker's longest transaction timeout by default. */
    private static final int FIFTEEN_MINUTES_MS = (int) Duration.ofMinutes(15).toMillis();
    /** Far below the interval; room for a loaded machine and the first commits of a new application. */
    private static final Duration WELL_WITHIN_THE_INTERVAL = Duration.ofSeconds(60);

    @Test
    void shouldRunWhatIsAskedWithoutWaitingForTheCommitInterval(@TempDir Path dir) {
        try (IsolatedSystem system = IsolatedSystem.start(dir)) {
            // Streams refuses an interval longer than the transaction timeout (10 s by default)
            Orchestrator orchestrator = system.startOrchestrator(dir.resolve("streams"), TEN_MINUTES_MS,
                    Map.of(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), FIFTEEN_MINUTES_MS));
            system.startRunner("runner-1", false);
            Api api = new Api("http://127.0.0.1:" + orchestrator.port());

            assertThat(api.putZip("/api/triggeredwebjobs/asked", "job.zip", aZipWith("run.sh", "echo asked\n"))
                    .status()).isEqualTo(200);
            Api.Response run = api.post("/api/triggeredwebjobs/asked/run");
            assertThat(run.status()).isEqualTo(202);
            String location = run.raw().headers().firstValue("Location").orElseThrow();
            await().atMost(WELL_WITHIN_THE_INTERVAL).until(() -> api.get(location).json(),
                    r -> r.path("status").asText().equals("Success"));

            assertThat(api.putZip("/api/triggeredwebjobs/scheduled", "job.zip", aZipWith("run.sh", "echo tick\n",
                    "settings.job", "{\"schedule\": \"* * * * * *\"}")).status()).isEqualTo(200);
            await().atMost(WELL_WITHIN_THE_INTERVAL).until(() -> successfulRuns(api, "scheduled"), n -> n >= 2);
        }
    }

    private static long successfulRuns(Api api, String job) {
        JsonNode runs = api.get("/api/triggeredwebjobs/" + job + "/history").json().path("runs");
        return StreamSupport.stream(runs.spliterator(), false)
                .filter(r -> r.path("status").asText().equals("Success")).count();
    }
}
