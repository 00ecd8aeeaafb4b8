package io.webjobs.orchestrator.it;

import io.webjobs.orchestrator.api.ApiCredentials;
import io.webjobs.orchestrator.api.UploadLimits;
import io.webjobs.orchestrator.app.Orchestrator;
import io.webjobs.orchestrator.app.OrchestratorConfig;
import io.webjobs.orchestrator.domain.FleetRules;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.runner.Runner;
import io.webjobs.runner.RunnerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/**
 * One orchestrator and one runner on {@link TestKafka}, shared by the integration test classes of a
 * JVM (they share the topics, so two orchestrators would split the partitions between them).
 * The idle timeout is short so the idle-abort test runs in seconds.
 */
public final class TestSystem {

    public static final int IDLE_TIMEOUT_SECONDS = 3;
    /** Short fleet timings so liveness and restart tests take seconds: lost after 8 s, restart after 3 s. */
    public static final FleetRules FLEET_RULES = new FleetRules(Duration.ofSeconds(8), Duration.ofSeconds(3),
            Duration.ofSeconds(5));
    public static final Duration HEARTBEAT = Duration.ofMillis(500);
    /** The API's Basic credentials: {@link Api} and the CLI test helper send them unless told not to. */
    public static final String USER = "tester";
    public static final String PASSWORD = "test-password-" + java.util.UUID.randomUUID();
    /** Small upload limits so the 413 tests send kilobytes, not megabytes. */
    public static final UploadLimits UPLOAD_LIMITS = new UploadLimits(1024 * 1024, 50, 2 * 1024 * 1024);

    private static TestSystem instance;

    private final Map<String, Object> kafka;
    private final Path dir;
    private Runner runner;
    private final Map<String, Runner> extraRunners = new ConcurrentHashMap<>();
    private int runnerGeneration = 1;
    private Orchestrator orchestrator;
    private int generation;

    private TestSystem() throws IOException {
        this.kafka = Map.of("bootstrap.servers", TestKafka.bootstrapServers());
        this.dir = Files.createTempDirectory("webjobs-test");
        this.orchestrator = startOrchestrator();
        this.runner = startRunner("test-runner-1");
        TestKafka.closeBeforeBrokerStops(() -> {
            extraRunners.values().forEach(Runner::close);
            runner.close();
            orchestrator.close();
        });
    }

    public static synchronized TestSystem get() {
        if (instance == null) {
            try {
                instance = new TestSystem();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + orchestrator.port();
    }

    public Map<String, Object> kafka() {
        return kafka;
    }

    public Path runnerDir() {
        return dir.resolve("runner-test-runner-1");
    }

    /** The shared runner's id (it changes when a test crashes it). */
    public synchronized String mainRunnerId() {
        return runner.runnerId();
    }

    /** Starts one more runner next to the shared one; close it with {@link #closeRunner}. */
    public Runner addRunner(String runnerId) {
        Runner extra = startRunner(runnerId);
        extraRunners.put(runnerId, extra);
        return extra;
    }

    public Runner runner(String runnerId) {
        Runner extra = extraRunners.get(runnerId);
        return extra != null ? extra : runner;
    }

    /** A clean shutdown of an extra runner: it leaves the fleet at once. */
    public void closeRunner(String runnerId) {
        Runner extra = extraRunners.remove(runnerId);
        if (extra != null) {
            extra.close();
        }
    }

    /**
     * Crashes a runner (see {@link Runner#crash()}); when it is the shared one, a fresh shared runner
     * with a new id takes its place so the other tests keep a runner.
     */
    public synchronized void crashRunner(String runnerId) {
        Runner extra = extraRunners.remove(runnerId);
        if (extra != null) {
            extra.crash();
        } else if (runner.runnerId().equals(runnerId)) {
            runner.crash();
            runner = startRunner("test-runner-" + (++runnerGeneration));
        }
    }

    /** A crashed runner process started again at once under the same id (as with a fixed {@code --id}). */
    public synchronized void crashAndRestartUnderTheSameId(String runnerId) {
        Runner extra = extraRunners.get(runnerId);
        if (extra != null) {
            extra.crash();
            extraRunners.put(runnerId, startRunner(runnerId));
        } else if (runner.runnerId().equals(runnerId)) {
            runner.crash();
            runner = startRunner(runnerId);
        }
    }

    private Runner startRunner(String runnerId) {
        return Runner.start(new RunnerConfig(kafka, runnerId, dir.resolve("runner-" + runnerId), 4,
                Clock.systemUTC(), HEARTBEAT));
    }

    /** Stops the orchestrator and starts a new one with an empty local state directory. */
    public synchronized void restartOrchestrator() {
        orchestrator.close();
        orchestrator = startOrchestrator();
    }

    /** Stops this JVM's orchestrator cleanly, so another process (a child JVM) can own the partitions. */
    public synchronized void stopOrchestrator() {
        orchestrator.close();
    }

    /** Starts this JVM's orchestrator again after {@link #stopOrchestrator()}, with an empty state directory. */
    public synchronized void resumeOrchestrator() {
        orchestrator = startOrchestrator();
    }

    /** Every HTTP route the orchestrator serves, as {@code "METHOD /path/{param}"}. */
    public synchronized java.util.List<String> routes() {
        return orchestrator.routes();
    }

    public Path dir() {
        return dir;
    }

    private Orchestrator startOrchestrator() {
        generation++;
        return Orchestrator.start(new OrchestratorConfig(kafka, OrchestratorConfig.DEFAULT_APPLICATION_ID,
                dir.resolve("streams-" + generation), "127.0.0.1", 0, new JobRules(50, IDLE_TIMEOUT_SECONDS), 50,
                (short) 1, FLEET_RULES, Duration.ofMillis(200), ApiCredentials.of(USER, PASSWORD), UPLOAD_LIMITS));
    }
}
