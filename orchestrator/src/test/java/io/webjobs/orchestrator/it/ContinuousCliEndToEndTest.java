package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.CliEndToEndTest.cli;
import static io.webjobs.orchestrator.it.TriggeredJobEndToEndTest.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.webjobs.orchestrator.it.CliEndToEndTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The continuous-job commands of the CLI: deploy with a scale, stop, start, runners. */
class ContinuousCliEndToEndTest {

    @Test
    void shouldDeployASingletonStopStartAndListRunners(@TempDir Path dir) throws Exception {
        TestSystem system = TestSystem.get();
        String url = system.baseUrl();
        Api api = new Api(url);
        String job = uniqueName("cli-watch");
        Path script = dir.resolve("watch.sh");
        Files.writeString(script, "while true; do sleep 0.2; done\n");

        Result deployed = cli("deploy", job, script.toString(), "--type", "continuous", "--scale", "single", "--url", url);

        assertThat(deployed.exitCode()).as(deployed.err()).isZero();
        assertThat(api.get("/api/continuouswebjobs/" + job + "/settings").json().get("is_singleton").asBoolean())
                .isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> status(api, job), "Running"::equals);
        Result runners = cli("runners", "--url", url);
        assertThat(runners.out()).contains(system.mainRunnerId()).contains(job + " - Running");

        assertThat(cli("stop", job, "--url", url).exitCode()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> status(api, job), "Stopped"::equals);
        assertThat(cli("start", job, "--url", url).exitCode()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> status(api, job), "Running"::equals);
        api.delete("/api/continuouswebjobs/" + job);
    }

    @Test
    void shouldRefuseAnUnknownScaleWithOneClearLine(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("watch.sh");
        Files.writeString(script, "sleep 1\n");
        String job = uniqueName("cli-bad-scale");

        Result result = cli("deploy", job, script.toString(), "--type", "continuous", "--scale", "lots", "--url",
                TestSystem.get().baseUrl());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err().strip()).isEqualTo(
                "error: 400 Scale must be single, multi or a number of instances (1-9999), was 'lots'.");
        assertThat(new Api(TestSystem.get().baseUrl()).get("/api/continuouswebjobs/" + job).status()).isEqualTo(404);
    }

    @Test
    void shouldFollowATriggeredRunsLogUntilTheRunEnds() {
        String url = TestSystem.get().baseUrl();
        Api api = new Api(url);
        String job = uniqueName("cli-follow");
        api.putZip("/api/triggeredwebjobs/" + job, "job.zip", Zips.aZipWith("run.sh",
                "for i in 1 2 3; do echo \"line $i\"; sleep 0.3; done\n"));
        assertThat(api.post("/api/triggeredwebjobs/" + job + "/run").status()).isEqualTo(202);

        Result followed = cli("logs", job, "--follow", "--url", url);

        assertThat(followed.exitCode()).as(followed.err()).isZero();
        assertThat(followed.out()).contains("INFO] line 1").contains("INFO] line 3")
                .contains("Status changed to Success");
    }

    @Test
    void shouldTailAContinuousJobsLogLive() throws Exception {
        Api api = new Api(TestSystem.get().baseUrl());
        String job = uniqueName("tail");
        api.putZip("/api/continuouswebjobs/" + job + "?scale=single", "job.zip", Zips.aZipWith("run.sh",
                "i=0; while true; do i=$((i+1)); echo \"tick $i\"; sleep 0.2; done\n"));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(URI.create(
                TestSystem.get().baseUrl() + "/api/v2/jobs/" + job + "/log?follow=true")).header("Authorization", Api.AUTHORIZATION).build(),
                HttpResponse.BodyHandlers.ofLines());

        CompletableFuture<String> tick5 = CompletableFuture.supplyAsync(() -> response.body()
                .filter(line -> line.endsWith("INFO] tick 5")).findFirst().orElse(""));

        assertThat(tick5.get(30, TimeUnit.SECONDS)).contains("tick 5");
        response.body().close();
        api.delete("/api/continuouswebjobs/" + job);
    }

    private static String status(Api api, String job) {
        return api.get("/api/continuouswebjobs/" + job).json().get("status").asText();
    }
}
