package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Prometheus metrics at /metrics: the counters a user scrapes move when runs happen. */
class MetricsEndToEndTest {

    private static Api api;

    @BeforeAll
    static void startSystem() {
        api = new Api(TestSystem.get().baseUrl());
    }

    @Test
    void shouldCountARunStartedFinishedAndItsCommandsAtMetrics() {
        String job = TriggeredJobEndToEndTest.uniqueName("metered");
        assertThat(api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("run.sh", "exit 0")).status())
                .isEqualTo(200);
        Api.Response before = api.get("/metrics");
        assertThat(before.status()).as("unauthenticated, like /health").isEqualTo(200);
        assertThat(before.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");

        assertThat(api.post("/api/triggeredwebjobs/" + job + "/run").status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String after = api.get("/metrics").body();
            assertThat(sum(after, "webjobs_runs_finished_total{status=\"Success\"")).isGreaterThanOrEqualTo(
                    sum(before.body(), "webjobs_runs_finished_total{status=\"Success\"") + 1);
            assertThat(sum(after, "webjobs_runs_started_total")).isGreaterThanOrEqualTo(
                    sum(before.body(), "webjobs_runs_started_total") + 1);
            assertThat(sum(after, "webjobs_commands_total{outcome=\"accepted\"")).isGreaterThanOrEqualTo(
                    sum(before.body(), "webjobs_commands_total{outcome=\"accepted\"") + 1);
            assertThat(sum(after, "webjobs_run_duration_seconds_count")).isGreaterThanOrEqualTo(
                    sum(before.body(), "webjobs_run_duration_seconds_count") + 1);
            assertThat(sum(after, "webjobs_runners_live")).isGreaterThanOrEqualTo(1);
        });
        String metrics = api.get("/metrics").body();
        assertThat(metrics).contains("webjobs_schedule_lateness_seconds_bucket")
                .contains("webjobs_commands_total{outcome=\"rejected\"")
                .contains("kafka_consumer_fetch_manager_records_lag_max");
        // every store's metrics, whatever its kind (key-value, window, in memory)
        assertThat(metrics.lines().filter(l -> l.startsWith("kafka_stream_state_put_rate{")))
                .anyMatch(l -> l.contains("store=\"job-state\""))
                .anyMatch(l -> l.contains("store=\"command-ledger\""))
                .anyMatch(l -> l.contains("store=\"runners\""));
    }

    /** The sum of the samples whose line starts with {@code prefix} (0 when none). */
    private static double sum(String metrics, String prefix) {
        return metrics.lines().filter(l -> l.startsWith(prefix)).mapToDouble(l ->
                Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
