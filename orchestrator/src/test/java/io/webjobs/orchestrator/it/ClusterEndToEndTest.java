package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.api.ApiCredentials;
import io.webjobs.orchestrator.api.UploadLimits;
import io.webjobs.orchestrator.app.Orchestrator;
import io.webjobs.orchestrator.app.OrchestratorConfig;
import io.webjobs.orchestrator.broker.EmbeddedCluster;
import io.webjobs.orchestrator.cluster.InstanceHeaders;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.runner.Runner;
import io.webjobs.runner.RunnerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The shape of docker-compose.yml without Docker: two orchestrators (one application id) and three runners on
 * a 3-node embedded Kafka cluster of their own (replication factor 3, min ISR 2; the shared TestSystem's
 * orchestrator would otherwise take partitions from them, and they from it). Every query goes through each
 * orchestrator; the last tests stop a Kafka node, then an orchestrator, and share one job's runs among the
 * runners.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterEndToEndTest {

    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final int MIN_JOBS = 6;

    private Path dir;
    private EmbeddedCluster kafkaNodes;
    private final List<Orchestrator> orchestrators = new ArrayList<>();
    private final List<Runner> runners = new ArrayList<>();
    private final List<String> bases = new ArrayList<>();
    /** job name → base URL of the orchestrator owning its partition (as the X-Webjobs-Instance header says). */
    private final Map<String, String> owners = new LinkedHashMap<>();

    @BeforeAll
    void startTheCluster() throws IOException {
        dir = Files.createTempDirectory("webjobs-cluster");
        kafkaNodes = EmbeddedCluster.start(dir.resolve("kafka"), 3);
        Map<String, Object> kafka = Map.of("bootstrap.servers", kafkaNodes.bootstrapServers());
        for (String name : List.of("a", "b")) {
            Orchestrator orchestrator = Orchestrator.start(new OrchestratorConfig(kafka,
                    OrchestratorConfig.DEFAULT_APPLICATION_ID, dir.resolve("streams-" + name), "127.0.0.1", 0,
                    new JobRules(50, 120), 50, (short) 3, TestSystem.FLEET_RULES, Duration.ofMillis(200),
                    ApiCredentials.of(TestSystem.USER, TestSystem.PASSWORD), UploadLimits.DEFAULT)
                    .inCluster(null, OrchestratorConfig.DEFAULT_STANDBY_REPLICAS));
            orchestrators.add(orchestrator);
            bases.add("http://127.0.0.1:" + orchestrator.port());
        }
        for (int i = 1; i <= 3; i++) {
            runners.add(Runner.start(new RunnerConfig(kafka, "cluster-runner-" + i, dir.resolve("runner-" + i), 4,
                    Clock.systemUTC(), TestSystem.HEARTBEAT)));
        }
        // both instances answer lists once the group has settled (a merged list needs every owner)
        for (String base : bases) {
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                    .until(() -> new Api(base).get("/api/triggeredwebjobs").status() == 200);
        }
        deployUntilBothOrchestratorsOwnJobs();
    }

    @AfterAll
    void stopTheCluster() {
        runners.forEach(Runner::close);
        orchestrators.forEach(Orchestrator::close);
        kafkaNodes.close();
    }

    private void deployUntilBothOrchestratorsOwnJobs() {
        for (int i = 1; owners.size() < MIN_JOBS || new TreeSet<>(owners.values()).size() < 2; i++) {
            assertThat(i).as("jobs deployed before both orchestrators own one").isLessThan(40);
            String name = "cluster-job-" + i;
            String base = bases.get(i % 2);
            Api.Response deployed = new Api(base).putZip("/api/triggeredwebjobs/" + name, "job.zip",
                    aZipWith("run.sh", "echo \"hello $1 from $WEBJOBS_NAME\""));
            assertThat(deployed.status()).as(deployed.body()).isEqualTo(200);
            assertThat(deployed.json().path("url").asText()).startsWith(base);
            owners.put(name, answeredBy(deployed));
        }
        System.out.println("cluster jobs by owner: " + owners);
    }

    @Test
    @Order(1)
    void shouldListEveryJobThroughEachOrchestratorWithUrlsOfTheOneAsked() {
        for (String base : bases) {
            Api api = new Api(base);
            Api.Response list = api.get("/api/triggeredwebjobs");
            assertThat(list.status()).isEqualTo(200);
            assertThat(names(list.json())).containsExactlyElementsOf(new TreeSet<>(owners.keySet()));
            list.json().forEach(job -> assertThat(job.path("url").asText()).startsWith(base + "/"));
            String etag = list.raw().headers().firstValue("ETag").orElseThrow();
            assertThat(api.send("GET", "/api/triggeredwebjobs", Map.of("If-None-Match", etag)).status()).isEqualTo(304);
            assertThat(names(api.get("/api/webjobs").json())).containsAll(owners.keySet());

            JsonNode runnersJson = api.get("/api/v2/runners").json();
            assertThat(StreamSupport.stream(runnersJson.spliterator(), false).map(r -> r.path("id").asText()))
                    .contains("cluster-runner-1", "cluster-runner-2", "cluster-runner-3");
        }
    }

    @Test
    @Order(2)
    void shouldAnswerEveryJobThroughEachOrchestratorFromItsOwner() {
        for (String base : bases) {
            Api api = new Api(base);
            for (Map.Entry<String, String> job : owners.entrySet()) {
                Api.Response detail = api.get("/api/triggeredwebjobs/" + job.getKey());
                assertThat(detail.status()).as(detail.body()).isEqualTo(200);
                assertThat(answeredBy(detail)).isEqualTo(job.getValue());
                assertThat(detail.json().path("url").asText()).isEqualTo(base + "/api/triggeredwebjobs/" + job.getKey());
                assertThat(detail.json().path("history_url").asText()).startsWith(base + "/");
                assertThat(api.get("/api/triggeredwebjobs/" + job.getKey() + "/settings").status()).isEqualTo(200);
                assertThat(api.get("/api/v2/jobs/" + job.getKey()).json().path("name").asText()).isEqualTo(job.getKey());
                assertThat(api.get(detail.json().path("scheduler_logs_url").asText()).status()).isEqualTo(200);
            }
            assertThat(api.get("/api/triggeredwebjobs/no-such-job").status()).isEqualTo(404);
        }
    }

    @Test
    @Order(3)
    void shouldRunAJobThroughTheOrchestratorThatDoesNotOwnIt() {
        for (Map.Entry<String, String> job : owners.entrySet()) {
            String other = bases.stream().filter(b -> !b.equals(job.getValue())).findFirst().orElseThrow();
            Api.Response run = new Api(other).post("/api/triggeredwebjobs/" + job.getKey() + "/run?arguments=world");
            assertThat(run.status()).as(run.body()).isEqualTo(202);
            String location = run.raw().headers().firstValue("Location").orElseThrow();
            assertThat(location).startsWith(other + "/api/triggeredwebjobs/" + job.getKey() + "/history/");
            String path = location.substring(other.length());
            for (String base : bases) {
                JsonNode finished = await().atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                        .until(() -> new Api(base).get(path).json(), r -> "Success".equals(r.path("status").asText()));
                String outputUrl = finished.path("output_url").asText();
                assertThat(outputUrl).startsWith(base + "/");
                Api.Response log = new Api(base).get(outputUrl);
                assertThat(log.status()).isEqualTo(200);
                assertThat(log.body()).contains("hello world from " + job.getKey());
                assertThat(new Api(base).get("/api/v2/jobs/" + job.getKey() + "/log").body())
                        .contains("hello world from " + job.getKey());
                // a live tail streams through the hop; the run has ended, so the tail ends too
                assertThat(new Api(base).get("/api/v2/jobs/" + job.getKey() + "/log?follow=true").body())
                        .contains("hello world from " + job.getKey());
            }
        }
        for (String base : bases) {
            JsonNode verify = new Api(base).get("/api/v2/verify").json();
            assertThat(verify.path("differences")).isEmpty();
            assertThat(verify.path("jobs").asInt()).isEqualTo(owners.size());
        }
    }

    @Test
    @Order(4)
    void shouldGatherAContinuousJobsLogAndInstancesFromEveryOrchestrator() {
        String name = "cluster-watch";
        Api.Response deployed = new Api(bases.get(0)).putZip("/api/continuouswebjobs/" + name + "?scale=single",
                "watch.zip", aZipWith("run.sh", "while true; do echo \"tick from $WEBJOBS_NAME\"; sleep 1; done"));
        assertThat(deployed.status()).as(deployed.body()).isEqualTo(200);
        for (String base : bases) {
            Api api = new Api(base);
            JsonNode job = await().atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.get("/api/continuouswebjobs/" + name).json(),
                            j -> "Running".equals(j.path("status").asText()));
            assertThat(job.path("log_url").asText()).startsWith(base + "/");
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.get(job.path("log_url").asText()).body(), b -> b.contains("tick from " + name));
            JsonNode all = api.get("/api/webjobs").json();
            assertThat(all.get(all.size() - 1).path("name").asText()).isEqualTo(name);
            assertThat(names(api.get("/api/continuouswebjobs").json())).containsExactly(name);
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(200)).until(() -> StreamSupport.stream(
                    api.get("/api/v2/runners").json().spliterator(), false).anyMatch(r -> r.path("instances")
                    .toString().contains(name + " - Running")));
        }
        assertThat(new Api(bases.get(1)).delete("/api/continuouswebjobs/" + name).status()).isEqualTo(200);
        for (String base : bases) {
            assertThat(new Api(base).get("/api/continuouswebjobs/" + name).status()).isEqualTo(404);
        }
    }

    @Test
    @Order(5)
    void shouldRunJobsThroughEitherOrchestratorWhileAKafkaNodeIsDownAndAfterItReturns() {
        // a job of the second orchestrator: the next test counts the runs of the first one's jobs
        String name = owners.entrySet().stream().filter(e -> e.getValue().equals(bases.get(1)))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafkaNodes.bootstrapServers()))) {
            TopicDescription events = admin.describeTopics(List.of(Topics.EVENTS.name())).allTopicNames().get()
                    .get(Topics.EVENTS.name());
            events.partitions().forEach(p -> assertThat(p.replicas()).hasSize(3));
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
        long start = System.nanoTime();
        kafkaNodes.stopNode(0); // node 1: the first voter, likely the controller and the coordinators
        System.out.printf("cluster: Kafka node 1 stopped in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        for (String base : bases) {
            long asked = System.nanoTime();
            Api api = new Api(base);
            // while leaders and coordinators move, a run may be refused with a JSON 503 to retry
            Api.Response run = await().atMost(SETTLE).pollInterval(Duration.ofMillis(500))
                    .until(() -> api.post("/api/triggeredwebjobs/" + name + "/run?arguments=degraded"),
                            r -> r.status() != 503);
            assertThat(run.status()).as(run.body()).isEqualTo(202);
            String path = run.raw().headers().firstValue("Location").orElseThrow().substring(base.length());
            JsonNode finished = await().atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.get(path).json(), r -> "Success".equals(r.path("status").asText()));
            assertThat(api.get(finished.path("output_url").asText()).body()).contains("hello degraded from " + name);
            System.out.printf("cluster: with a Kafka node down, run through %s succeeded %d ms after it was asked%n",
                    base, (System.nanoTime() - asked) / 1_000_000);
        }
        kafkaNodes.startNode(0);
        for (String base : bases) {
            Api api = new Api(base);
            Api.Response run = api.post("/api/triggeredwebjobs/" + name + "/run?arguments=restored");
            assertThat(run.status()).as(run.body()).isEqualTo(202);
            String path = run.raw().headers().firstValue("Location").orElseThrow().substring(base.length());
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.get(path).json(), r -> "Success".equals(r.path("status").asText()));
        }
        for (String base : bases) {
            assertThat(new Api(base).get("/api/triggeredwebjobs/" + name + "/history").json().path("runs"))
                    .hasSize(5);
            assertThat(new Api(base).get("/api/v2/verify").json().path("differences")).isEmpty();
        }
    }

    @Test
    @Order(6)
    void shouldAnswerEverythingFromTheOtherOrchestratorWhenOneStops() {
        String stopped = bases.get(0);
        String survivor = bases.get(1);
        long start = System.nanoTime();
        orchestrators.remove(0).close();
        long closed = System.nanoTime();
        Api api = new Api(survivor);
        List<Api.Response> refused = new ArrayList<>();
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(100)).until(() -> {
            Api.Response list = api.get("/api/triggeredwebjobs");
            if (list.status() != 200) {
                refused.add(list);
                return false;
            }
            if (!names(list.json()).equals(new TreeSet<>(owners.keySet()))) {
                return false;
            }
            List<Api.Response> jobs = owners.keySet().stream().map(name -> api.get("/api/triggeredwebjobs/" + name))
                    .toList();
            jobs.stream().filter(r -> r.status() != 200).forEach(refused::add);
            return jobs.stream().allMatch(r -> r.status() == 200 && survivor.equals(answeredBy(r)));
        });
        long done = System.nanoTime();
        System.out.printf("cluster takeover: %d ms after the stop began (%d ms to close the stopped orchestrator,"
                + " %d ms more until the survivor answered every job)%n", (done - start) / 1_000_000,
                (closed - start) / 1_000_000, (done - closed) / 1_000_000);
        System.out.println("cluster takeover: answers refused meanwhile: " + refused.stream()
                .map(r -> r.status() + " " + r.body()).toList());
        // while the partitions move, the answer is a JSON 503 to retry, never an error page or a stack trace
        for (Api.Response r : refused) {
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(r.json().path("Message").asText()).isNotBlank();
        }

        String moved = owners.entrySet().stream().filter(e -> e.getValue().equals(stopped)).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
        Api.Response run = api.post("/api/triggeredwebjobs/" + moved + "/run?arguments=again");
        assertThat(run.status()).as(run.body()).isEqualTo(202);
        String path = run.raw().headers().firstValue("Location").orElseThrow().substring(survivor.length());
        JsonNode finished = await().atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(path).json(), r -> "Success".equals(r.path("status").asText()));
        assertThat(api.get(finished.path("output_url").asText()).body()).contains("hello again from " + moved);
        assertThat(api.get("/api/triggeredwebjobs/" + moved + "/history").json().path("runs")).hasSize(2);
    }

    @Test
    @Order(7)
    void shouldShareOneJobsRunsAmongEveryRunner() {
        // run requests are spread by run id over 12 partitions: each of the 3 runners owns 4, whatever the job
        Api api = new Api(bases.get(1));
        String name = owners.keySet().iterator().next();
        Set<String> ranOn = new TreeSet<>();
        for (int i = 0; i < 24; i++) {
            Api.Response run = api.post("/api/triggeredwebjobs/" + name + "/run");
            assertThat(run.status()).as(run.body()).isEqualTo(202);
            String path = run.raw().headers().firstValue("Location").orElseThrow().substring(bases.get(1).length());
            JsonNode finished = await().atMost(SETTLE).pollInterval(Duration.ofMillis(50))
                    .until(() -> api.get(path).json(), r -> "Success".equals(r.path("status").asText()));
            ranOn.add(finished.path("runner_id").asText());
        }
        // 24 runs leave some runner out with a chance under 2 in 10^4 (3 x (2/3)^24)
        assertThat(ranOn).containsExactlyInAnyOrder("cluster-runner-1", "cluster-runner-2", "cluster-runner-3");
    }

    private static Set<String> names(JsonNode jobs) {
        Set<String> names = new TreeSet<>();
        jobs.forEach(job -> names.add(job.path("name").asText()));
        return names;
    }

    private static String answeredBy(Api.Response response) {
        return response.raw().headers().firstValue(InstanceHeaders.ANSWERED_BY).orElse(null);
    }
}
