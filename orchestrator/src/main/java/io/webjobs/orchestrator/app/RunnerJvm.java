package io.webjobs.orchestrator.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runner in a JVM of its own ({@code webjobs runner}), a child of this one. A job's process inherits the
 * descriptors of the JVM that spawns it, and the spawn pays for each one (the child closes them all before it
 * execs, the kernel tears down their /proc entries when it is reaped): a runner JVM holds ~25, a JVM with the
 * broker, the state stores and the API ~550, and a spawn from it costs twice the CPU (decision 008, session 13).
 * <p>
 * It ends with this JVM, even one killed with -9 ({@code --exit-with-parent}), and when it ends while this one
 * still runs another is started in its work folder under a new id: the one that ended is a lost instance, whose
 * runs the orchestrator ends once its heartbeats are overdue, which it could not tell under the same id.
 */
public final class RunnerJvm implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunnerJvm.class);
    static final Duration START = Duration.ofSeconds(90);
    private static final Duration RESTART_DELAY = Duration.ofSeconds(2);

    private final Supplier<String> ids;
    private final List<String> arguments;
    private final Consumer<String> output;
    private volatile String id;
    private volatile Process process;
    private volatile boolean closing;

    private RunnerJvm(Supplier<String> ids, List<String> arguments, Consumer<String> output) {
        this.ids = ids;
        this.arguments = arguments;
        this.output = output;
    }

    /**
     * Starts the runner's JVM, without waiting for it ({@link #awaitStarted}).
     *
     * @param ids         the runner's id, and a new one for each start after it ended
     * @param kafkaConfig Kafka client properties beyond the bootstrap servers, or null
     * @param output      where its output lines go
     */
    public static RunnerJvm launch(Supplier<String> ids, Path workDir, int capacity, String bootstrapServers,
            Path kafkaConfig, Consumer<String> output) {
        List<String> arguments = new ArrayList<>(List.of("runner", "--work-dir", workDir.toString(),
                "--capacity", Integer.toString(capacity), "--exit-with-parent", "--bootstrap-servers",
                bootstrapServers));
        if (kafkaConfig != null) {
            arguments.addAll(List.of("--kafka-config", kafkaConfig.toString()));
        }
        RunnerJvm runner = new RunnerJvm(ids, List.copyOf(arguments), output);
        runner.spawn();
        return runner;
    }

    private void spawn() {
        id = ids.get();
        List<String> command = new ArrayList<>(arguments);
        command.addAll(List.of("--id", id));
        try {
            Process started = ChildJvm.command(command.toArray(String[]::new)).start();
            // before onExit: a JVM that ends at once is still this runner's, and starts another
            process = started;
            started.onExit().thenAccept(this::ended);
        } catch (IOException e) {
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
        log.warn("runner {} ended (exit {}); starting another in {} s", id, gone.exitValue(),
                RESTART_DELAY.toSeconds());
        CompletableFuture.delayedExecutor(RESTART_DELAY.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            try {
                // under the lock close() takes: a runner started as up stops would run on until up is gone
                synchronized (this) {
                    if (closing) {
                        return;
                    }
                    spawn();
                }
                awaitStarted();
            } catch (Exception e) {
                log.error("runner {} did not start: {}", id, e.getMessage());
            }
        });
    }

    /** The JVM's process id (another after a restart). */
    public long pid() {
        return process.pid();
    }

    /** Stops it as an operator would (SIGTERM: it leaves the fleet), and for good. */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
        }
        try {
            ChildJvm.stop(process, Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
