package io.webjobs.orchestrator.it;

import io.webjobs.orchestrator.app.Orchestrator;
import io.webjobs.orchestrator.app.OrchestratorConfig;
import io.webjobs.orchestrator.domain.JobRules;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An orchestrator in a child JVM, so a test can end it the way {@code kill -9} does: no shutdown hook,
 * no commit, an open transaction left behind. {@link #main} is the child's entry point.
 */
final class ChildOrchestrator implements AutoCloseable {

    private final Process process;

    private ChildOrchestrator(Process process) {
        this.process = process;
    }

    static ChildOrchestrator start(String bootstrapServers, Path stateDir, Path logFile) throws IOException,
            InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ChildOrchestrator.class.getName(), bootstrapServers, stateDir.toString()))
                .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        ChildOrchestrator child = new ChildOrchestrator(process);
        child.awaitReady(logFile, Duration.ofSeconds(90));
        return child;
    }

    private void awaitReady(Path logFile, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the child orchestrator exited; see " + logFile);
            }
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    java.nio.file.Files.newInputStream(logFile), StandardCharsets.UTF_8))) {
                if (in.lines().anyMatch(l -> l.startsWith("READY"))) {
                    return;
                }
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("the child orchestrator did not start within " + timeout + "; see " + logFile);
    }

    /** SIGKILL: the JVM gets no chance to commit, flush or leave its consumer group. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Orchestrator orchestrator = Orchestrator.start(new OrchestratorConfig(Map.of("bootstrap.servers", args[0]),
                OrchestratorConfig.DEFAULT_APPLICATION_ID, Path.of(args[1]), "127.0.0.1", 0,
                new JobRules(50, TestSystem.IDLE_TIMEOUT_SECONDS), 50, (short) 1));
        System.out.println("READY " + orchestrator.port());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
