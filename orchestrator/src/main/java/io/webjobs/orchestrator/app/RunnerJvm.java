package io.webjobs.orchestrator.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runner in a JVM of its own ({@code webjobs runner}), a child of this one. A job's process inherits the
 * descriptors of the JVM that spawns it, and the spawn pays for each one (the child closes them all before it
 * execs, the kernel tears down their /proc entries when it is reaped): a runner JVM holds ~25, a JVM with the
 * broker, the state stores and the API ~550, and a spawn from it costs twice the CPU (decision 008, session 13).
 * <p>
 * It ends with this JVM, even one killed with -9 ({@code --exit-with-parent}), and when it ends while this one
 * still runs it is started again, with the same id and work folder: an instance that came back, in WebJobs terms.
 */
public final class RunnerJvm implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunnerJvm.class);
    static final Duration START = Duration.ofSeconds(90);
    private static final Duration RESTART_DELAY = Duration.ofSeconds(2);

    private final String id;
    private final List<String> command;
    private final Consumer<String> output;
    private volatile Process process;
    private volatile boolean closing;

    private RunnerJvm(String id, List<String> command, Consumer<String> output) {
        this.id = id;
        this.command = command;
        this.output = output;
    }

    /**
     * Starts the runner's JVM, without waiting for it ({@link #awaitStarted}).
     *
     * @param kafkaConfig Kafka client properties beyond the bootstrap servers, or null
     * @param output      where its output lines go
     */
    public static RunnerJvm launch(String id, Path workDir, int capacity, String bootstrapServers, Path kafkaConfig,
            Consumer<String> output) {
        List<String> command = new ArrayList<>(List.of("runner", "--id", id, "--work-dir", workDir.toString(),
                "--capacity", Integer.toString(capacity), "--exit-with-parent", "--bootstrap-servers",
                bootstrapServers));
        if (kafkaConfig != null) {
            command.addAll(List.of("--kafka-config", kafkaConfig.toString()));
        }
        RunnerJvm runner = new RunnerJvm(id, List.copyOf(command), output);
        runner.process = runner.spawn();
        return runner;
    }

    private Process spawn() {
        try {
            Process started = ChildJvm.command(command.toArray(String[]::new)).start();
            started.onExit().thenAccept(this::ended);
            return started;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot start runner " + id + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the runner has joined the fleet (its "started" line). */
    public RunnerJvm awaitStarted() throws Exception {
        try {
            ChildJvm.awaitLine(process, "runner " + id + " started", START, output);
        } catch (Exception e) {
            close();
            throw e;
        }
        return this;
    }

    private void ended(Process gone) {
        if (closing || gone != process) {
            return;
        }
        log.warn("runner {} ended (exit {}); starting it again in {} s", id, gone.exitValue(),
                RESTART_DELAY.toSeconds());
        CompletableFuture.delayedExecutor(RESTART_DELAY.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (closing) {
                return;
            }
            try {
                process = spawn();
                awaitStarted();
            } catch (Exception e) {
                log.error("runner {} did not start again: {}", id, e.getMessage());
            }
        });
    }

    public String id() {
        return id;
    }

    /** The JVM's process id (it changes when the runner is started again). */
    public long pid() {
        return process.pid();
    }

    /** Stops it as an operator would (SIGTERM: it leaves the fleet), and for good. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        ChildJvm.stop(process, Duration.ofSeconds(30));
    }
}
