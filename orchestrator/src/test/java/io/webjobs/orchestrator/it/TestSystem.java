package io.webjobs.orchestrator.it;

import io.webjobs.orchestrator.app.Orchestrator;
import io.webjobs.orchestrator.app.OrchestratorConfig;
import io.webjobs.orchestrator.domain.JobRules;
import io.webjobs.runner.Runner;
import io.webjobs.runner.RunnerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * One orchestrator and one runner on {@link TestKafka}, shared by the integration test classes of a
 * JVM (they share the topics, so two orchestrators would split the partitions between them).
 * The idle timeout is short so the idle-abort test runs in seconds.
 */
public final class TestSystem {

    public static final int IDLE_TIMEOUT_SECONDS = 3;

    private static TestSystem instance;

    private final Map<String, Object> kafka;
    private final Path dir;
    private final Runner runner;
    private Orchestrator orchestrator;
    private int generation;

    private TestSystem() throws IOException {
        this.kafka = Map.of("bootstrap.servers", TestKafka.bootstrapServers());
        this.dir = Files.createTempDirectory("webjobs-test");
        this.orchestrator = startOrchestrator();
        this.runner = Runner.start(new RunnerConfig(kafka, "test-runner-1", dir.resolve("runner"), 4, Clock.systemUTC()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runner.close();
            orchestrator.close();
        }));
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
        return dir.resolve("runner");
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

    public Path dir() {
        return dir;
    }

    private Orchestrator startOrchestrator() {
        generation++;
        return Orchestrator.start(new OrchestratorConfig(kafka, OrchestratorConfig.DEFAULT_APPLICATION_ID,
                dir.resolve("streams-" + generation), "127.0.0.1", 0, new JobRules(50, IDLE_TIMEOUT_SECONDS), 50,
                (short) 1));
    }
}
