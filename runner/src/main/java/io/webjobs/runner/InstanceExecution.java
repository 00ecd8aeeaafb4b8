package io.webjobs.runner;

import io.webjobs.avro.LogLevel;
import io.webjobs.avro.LogLine;
import io.webjobs.avro.RunRequest;
import io.webjobs.avro.RunStatus;
import io.webjobs.contract.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One launch of a continuous job's process on this runner. It reports Running once started and the
 * exit (with its code) when the process goes away by itself; restarting is the topology's decision.
 * {@link #stop} is Kudu's graceful stop: write the UTC time into {@code WEBJOBS_SHUTDOWN_FILE}, SIGTERM,
 * wait {@code stopping_wait_time}, kill the process tree, report Stopped.
 */
final class InstanceExecution implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceExecution.class);

    private final RunRequest request;
    private final RunContext context;
    private final String logRunId;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Process process;
    private volatile ProcessTree tree;
    private volatile Path shutdownFile;
    private volatile boolean stopping;
    private volatile boolean silent;

    private final String startReason;

    /**
     * {@code logRunId}: the key of this runner's part of the job's rolling log; {@code startReason}: why the
     * topology launched it (placed, restarting after a wait, new version), logged first.
     */
    InstanceExecution(RunRequest request, RunContext context, String logRunId, String startReason) {
        this.request = request;
        this.context = context;
        this.logRunId = logRunId;
        this.startReason = startReason;
    }

    String launchId() {
        return request.getRunId();
    }

    @Override
    public void run() {
        try {
            execute();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        } catch (IOException | RuntimeException e) {
            LOG.warn("instance {}/{} failed", request.getJobName(), request.getRunId(), e);
            log(LogLevel.SYS_ERR, "Cannot start: " + e.getMessage());
            report(stopping ? RunStatus.Stopped : RunStatus.Failed, null, "Cannot start: " + e.getMessage());
        } finally {
            ended.countDown();
        }
    }

    private void execute() throws IOException, InterruptedException {
        if (startReason != null && !startReason.isBlank()) {
            log(LogLevel.SYS_INFO, startReason);
        }
        log(LogLevel.SYS_INFO, "Status changed to Starting");
        String jobKey = Topics.jobKey(request.getJobName());
        Path zip = context.artifacts().await(request.getArtifactDigest(), context.artifactTimeout());
        JobArchive archive = JobArchive.of(Files.readAllBytes(zip), ArchiveLimits.DEFAULT);
        String entry = request.getEntryPoint() == null || request.getEntryPoint().isBlank()
                ? archive.entryPoint() : request.getEntryPoint();
        ScriptHost host = ScriptHost.forFile(entry)
                .orElseThrow(() -> new InvalidArchiveException("No script host runs the entry point " + entry + "."));
        String launchDir = request.getRunId().replaceAll("[^A-Za-z0-9_-]", "_");
        Path runDir = context.runDir(jobKey, launchDir);
        Path dataDir = RunContext.folder(context.dataDir(jobKey));
        archive.unpackTo(runDir);
        // A new path per launch: a stale file from an earlier stop must not tell the new process to stop.
        Path shutdown = context.workDir().resolve("shutdown").resolve(jobKey).resolve(launchDir).resolve("shutdown");
        Files.createDirectories(shutdown.getParent());

        List<String> command = new ArrayList<>(host.commandFor(entry));
        ProcessBuilder builder = new ProcessBuilder(command).directory(runDir.toFile());
        Map<String, String> env = builder.environment();
        env.putAll(request.getEnvironment());
        env.put("WEBJOBS_NAME", request.getJobName());
        env.put("WEBJOBS_TYPE", "continuous");
        env.put("WEBJOBS_RUN_ID", "");
        env.put("WEBJOBS_PATH", runDir.resolve(entry).getParent().toString());
        env.put("WEBJOBS_DATA_PATH", dataDir.toString());
        env.put("WEBJOBS_COMMAND_ARGUMENTS", "");
        env.put("WEBJOBS_SHUTDOWN_FILE", shutdown.toString());
        env.put("WEBJOBS_PORT", Integer.toString(freePort()));
        log(LogLevel.SYS_INFO, "Run script '" + Path.of(entry).getFileName() + "' with script host - '"
                + host.displayName() + "'");
        synchronized (this) {
            if (stopping) {
                report(RunStatus.Stopped, null, "Stopped before it started");
                return;
            }
            try {
                process = builder.start();
            } catch (IOException e) {
                log(LogLevel.SYS_ERR, "Cannot start script host '" + command.get(0) + "': " + e.getMessage());
                report(RunStatus.Failed, null, "Cannot start script host '" + command.get(0) + "' for " + entry);
                return;
            }
            tree = new ProcessTree(process.toHandle());
            shutdownFile = shutdown;
        }
        log(LogLevel.SYS_INFO, "Status changed to Running");
        OutputPump out = reader(process.getInputStream(), LogLevel.INFO);
        OutputPump err = reader(process.getErrorStream(), LogLevel.ERR);
        report(RunStatus.Running, null, null);
        int exitCode = process.waitFor();
        out.awaitEnd(2_000);
        err.awaitEnd(2_000);
        if (stopping) {
            log(LogLevel.SYS_INFO, "Status changed to Stopped");
            report(RunStatus.Stopped, exitCode, null);
        } else {
            String line = "Process went down with exit code " + exitCode;
            log(exitCode == 0 ? LogLevel.SYS_INFO : LogLevel.SYS_ERR, exitCode == 0 ? line
                    : line + " (Job failed due to exit code " + exitCode + ")");
            report(exitCode == 0 ? RunStatus.Success : RunStatus.Failed, exitCode, line);
        }
    }

    /**
     * Graceful stop; blocks until the process is gone (at most {@code waitSeconds} after SIGTERM, then killed).
     */
    void stop(int waitSeconds) throws InterruptedException {
        synchronized (this) {
            stopping = true;
        }
        Process current = process;
        if (current != null && current.isAlive()) {
            log(LogLevel.SYS_INFO, "Status changed to Stopping");
            try {
                Files.writeString(shutdownFile, DateTimeFormatter.ISO_INSTANT.format(context.clock().instant()) + "\n");
            } catch (IOException e) {
                LOG.warn("cannot write shutdown file {}", shutdownFile, e);
            }
            // SIGTERM through the handle: Process.destroy() would also close the pipes, and the job's next
            // output line (its SIGTERM handler saying goodbye) would kill it with SIGPIPE.
            current.toHandle().destroy();
            if (!current.waitFor(waitSeconds, TimeUnit.SECONDS)) {
                log(LogLevel.SYS_INFO, "Process did not exit within " + waitSeconds + " s; killing it");
            }
            tree.kill();
        }
        ended.await(waitSeconds + 15L, TimeUnit.SECONDS);
    }

    /** Kills the tree without reporting anything (the runner is going away). */
    void kill() {
        silent = true;
        stopping = true;
        ProcessTree current = tree;
        if (current != null) {
            current.kill();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private OutputPump reader(InputStream stream, LogLevel level) {
        return OutputPump.start(stream, line -> log(level, line));
    }

    private void report(RunStatus status, Integer exitCode, String reason) {
        if (!silent) {
            try {
                context.reports().report(request.getJobName(), request.getRunId(), status, exitCode, reason);
            } catch (RuntimeException e) {
                // The runner is closing under us; the topology learns from the missing heartbeats instead.
                LOG.debug("report {} of {} not sent", status, request.getRunId(), e);
            }
        }
    }

    private void log(LogLevel level, String text) {
        if (!silent) {
            try {
                context.logs().append(request.getJobName(), logRunId,
                        new LogLine(context.clock().instant(), level, text));
            } catch (RuntimeException e) {
                LOG.debug("log line of {} not shipped", request.getRunId(), e);
            }
        }
    }
}
