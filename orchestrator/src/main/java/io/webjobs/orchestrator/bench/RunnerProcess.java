package io.webjobs.orchestrator.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A runner in a JVM of its own ({@code webjobs runner}), as runners are deployed: its job processes inherit
 * that JVM's few descriptors, not the hundreds the broker, the stores and the HTTP connections hold in the
 * bench's JVM, and every spawn pays for the descriptors it inherits (the child closes each before it execs,
 * the kernel tears down their /proc entries when it is reaped).
 */
final class RunnerProcess implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(60);

    private final Process process;

    private RunnerProcess(Process process) {
        this.process = process;
    }

    static RunnerProcess start(String bootstrapServers, String id, Path workDir, int capacity) throws Exception {
        Process process = ChildJvm.command("runner", "--bootstrap-servers", bootstrapServers, "--id", id,
                "--work-dir", workDir.toString(), "--capacity", Integer.toString(capacity)).start();
        try {
            ChildJvm.awaitLine(process, "runner " + id + " started", START);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
        return new RunnerProcess(process);
    }

    /** Its JVM's CPU, and its runs' processes' once reaped. */
    ProcessCpu cpu() {
        return ProcessCpu.of(process.pid());
    }

    @Override
    public void close() throws InterruptedException {
        ChildJvm.stop(process, Duration.ofSeconds(30));
    }
}
