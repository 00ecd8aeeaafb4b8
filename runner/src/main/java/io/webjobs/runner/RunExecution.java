package io.webjobs.runner;

import io.webjobs.avro.JobType;
import io.webjobs.avro.LogLevel;
import io.webjobs.avro.LogLine;
import io.webjobs.avro.RunRequest;
import io.webjobs.avro.RunStatus;
import io.webjobs.contract.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one request, start to end: fetch and unpack the zip, start the entry point, stream its
 * output, watch for idleness, and report exactly one terminal status. {@link #run()} blocks for the
 * whole run and never throws: whatever goes wrong becomes a {@code Failed} run with a reason.
 */
public final class RunExecution implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);
    private static final long MONITOR_INTERVAL_MILLIS = 250;
    /** How long the output readers may lag the exit; a background child holding the pipe is not waited for. */
    private static final long DRAIN_MILLIS = 10_000;

    private final RunRequest request;
    private final RunContext context;
    /** Called once, when the run no longer needs its slot: its process is gone (or never started). */
    private final Runnable slotFreed;
    private final AtomicBoolean slotHeld = new AtomicBoolean(true);
    private volatile String abortReason;
    private volatile ProcessTree tree;
    private volatile Process process;
    private volatile Path shutdownFile;
    /** Only a stop writes the shutdown file: a run that was not stopped has none to delete. */
    private volatile boolean shutdownWritten;
    /** A graceful {@link #stop} is giving the process its grace time: the monitor must not kill it yet. */
    private volatile boolean stopping;

    public RunExecution(RunRequest request, RunContext context) {
        this(request, context, () -> { });
    }

    /**
     * {@code slotFreed} runs once, right after the process has exited and its output is read (or when the
     * run ends without one): the runner may start its next run while this one completes its log and final
     * report, which are round trips to Kafka but no longer work for the machine.
     */
    public RunExecution(RunRequest request, RunContext context, Runnable slotFreed) {
        this.request = request;
        this.context = context;
        this.slotFreed = slotFreed;
    }

    public RunRequest request() {
        return request;
    }

    /** Ends the run as {@code Aborted} with this reason: kills its tree, or keeps it from starting. */
    public void abort(String reason) {
        abortReason = reason;
        ProcessTree current = tree;
        if (current != null) {
            current.kill();
        }
    }

    /**
     * Ends the run as {@code Aborted} with this reason, gracefully as Kudu stops a job: the UTC time into
     * {@code WEBJOBS_SHUTDOWN_FILE}, SIGTERM, up to {@code waitSeconds} for the process to go, then its tree
     * is killed. A run whose process has not started yet never starts. Blocks until the process is gone.
     */
    public void stop(String reason, int waitSeconds) throws InterruptedException {
        Process current;
        synchronized (this) {
            abortReason = reason;
            current = process;
            stopping = current != null;
        }
        if (current == null) {
            return;
        }
        try {
            if (current.isAlive()) {
                log(LogLevel.SYS_INFO, reason + ": stopping the process (shutdown file, SIGTERM, up to " + waitSeconds
                        + " s)");
                try {
                    shutdownWritten = true;
                    Files.writeString(shutdownFile, DateTimeFormatter.ISO_INSTANT.format(context.clock().instant()) + "\n");
                } catch (IOException e) {
                    LOG.warn("cannot write shutdown file {}", shutdownFile, e);
                }
                // SIGTERM through the handle: Process.destroy() would also close the pipes (see InstanceExecution)
                current.toHandle().destroy();
                if (!current.waitFor(waitSeconds, TimeUnit.SECONDS)) {
                    log(LogLevel.SYS_INFO, "Process did not exit within " + waitSeconds + " s; killing it");
                }
            }
        } finally {
            stopping = false;
            tree.kill();
        }
    }

    @Override
    public void run() {
        try {
            runToTheEnd();
        } finally {
            freeSlot();
        }
    }

    private void freeSlot() {
        if (slotHeld.compareAndSet(true, false)) {
            slotFreed.run();
        }
    }

    private void runToTheEnd() {
        try {
            execute();
        } catch (InvalidArchiveException | ArtifactUnavailableException e) {
            failUnlessAborted(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ProcessTree current = tree;
            if (current != null) {
                current.kill();
            }
            finish(RunStatus.Aborted, null, abortReason != null ? abortReason : "run interrupted");
        } catch (IOException | RuntimeException e) {
            LOG.warn("run {}/{} failed", request.getJobName(), request.getRunId(), e);
            failUnlessAborted("Run failed: " + e);
        }
    }

    /** A run stopped from outside (runner closing) may fail as a consequence; the abort is the real cause. */
    private void failUnlessAborted(String reason) {
        if (abortReason != null) {
            finish(RunStatus.Aborted, null, abortReason);
        } else {
            finish(RunStatus.Failed, null, reason);
        }
    }

    private void execute() throws IOException, InterruptedException {
        log(LogLevel.SYS_INFO, "Status changed to Initializing");
        String jobKey = Topics.jobKey(request.getJobName());
        Path zip = context.artifacts().await(request.getArtifactDigest(), context.artifactTimeout());
        Outcome outcome;
        // The zip is read and checked only when a copy is unpacked: the next runs of its version reuse the copy.
        // The folder goes back once the process is gone, before the round trips of the log and the report.
        try (WorkingCopy copy = context.copies().checkOut(jobKey, request.getArtifactDigest(),
                () -> JobArchive.of(Files.readAllBytes(zip), ArchiveLimits.DEFAULT))) {
            String entry = request.getEntryPoint() == null || request.getEntryPoint().isBlank()
                    ? copy.entryPoint() : request.getEntryPoint();
            ScriptHost host = ScriptHost.forFile(entry).orElseThrow(
                    () -> new InvalidArchiveException("No script host runs the entry point " + entry + "."));
            outcome = runIn(copy.dir(), jobKey, entry, host);
        }
        finish(outcome.status(), outcome.exitCode(), outcome.reason());
    }

    private record Outcome(RunStatus status, Integer exitCode, String reason) {
    }

    private Outcome runIn(Path runDir, String jobKey, String entry, ScriptHost host)
            throws IOException, InterruptedException {
        Path dataDir = RunContext.folder(context.dataDir(jobKey));
        // A path per run: a stale file from an earlier stop must not tell this run to stop. Its folder exists, as
        // the WebJobs SDK watches it for the file.
        Path shutdown = RunContext.folder(context.workDir().resolve("shutdown").resolve(jobKey))
                .resolve(request.getRunId());

        List<String> command = new ArrayList<>(host.commandFor(entry));
        String commandLine = String.join(" ", command);
        command.addAll(CommandArguments.split(request.getArguments()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(runDir.toFile());
        Map<String, String> env = builder.environment();
        env.putAll(request.getEnvironment());
        env.put("WEBJOBS_NAME", request.getJobName());
        env.put("WEBJOBS_TYPE", request.getType().name());
        env.put("WEBJOBS_RUN_ID", request.getRunId());
        env.put("WEBJOBS_PATH", runDir.resolve(entry).getParent().toString());
        env.put("WEBJOBS_DATA_PATH", dataDir.toString());
        env.put("WEBJOBS_COMMAND_ARGUMENTS", request.getArguments() == null ? "" : request.getArguments());
        env.put("WEBJOBS_SHUTDOWN_FILE", shutdown.toString());

        log(LogLevel.SYS_INFO, "Run script '" + Path.of(entry).getFileName() + "' with script host - '"
                + host.displayName() + "'");
        Process process;
        synchronized (this) {
            // with stop(): either the stop sees the process, or the process is never started
            if (abortReason != null) {
                return new Outcome(RunStatus.Aborted, null, abortReason);
            }
            try {
                process = builder.start();
            } catch (IOException e) {
                // Typically the host binary (php, pwsh, ...) is not installed on this runner.
                return new Outcome(RunStatus.Failed, null, "Cannot start script host '" + command.get(0) + "' for "
                        + entry + ": " + e.getMessage());
            }
            tree = new ProcessTree(process.toHandle());
            shutdownFile = shutdown;
            this.process = process;
        }
        try {
            return watch(process, commandLine);
        } finally {
            if (shutdownWritten) {
                Files.deleteIfExists(shutdown);
            }
        }
    }

    private Outcome watch(Process process, String commandLine) throws InterruptedException {
        IdleWatch watch = idleWatch();
        // The status line goes first, so the log reads in the order things happened.
        log(LogLevel.SYS_INFO, "Status changed to Running");
        // Reported before the output readers start: the time stamp is the process's start, not the readers'.
        context.reports().report(request.getJobName(), request.getRunId(), RunStatus.Running, null, null);
        OutputPump out = reader(process.getInputStream(), LogLevel.INFO, watch);
        OutputPump err = reader(process.getErrorStream(), LogLevel.ERR, watch);
        if (abortReason != null && !stopping) {
            tree.kill();
        }

        while (!process.waitFor(MONITOR_INTERVAL_MILLIS, TimeUnit.MILLISECONDS)) {
            if (abortReason != null) {
                if (!stopping) {
                    tree.kill();
                }
            } else if (watch != null && watch.idleAfter(tree.cpuTicks())) {
                String reason = "Command '" + commandLine + "' aborted due to no output nor CPU activity for "
                        + request.getIdleTimeoutSeconds() + " seconds.";
                abortReason = reason;
                tree.kill();
            }
        }
        out.awaitEnd(DRAIN_MILLIS);
        err.awaitEnd(DRAIN_MILLIS);
        int exitCode = process.exitValue();
        if (abortReason != null) {
            return new Outcome(RunStatus.Aborted, null, abortReason);
        } else if (exitCode == 0) {
            return new Outcome(RunStatus.Success, 0, null);
        } else {
            return new Outcome(RunStatus.Failed, exitCode, "Job failed due to exit code " + exitCode);
        }
    }

    /** Kudu watches idleness of triggered runs only; a continuous job may legitimately wait forever. */
    private IdleWatch idleWatch() {
        if (request.getType() != JobType.triggered || request.getIdleTimeoutSeconds() <= 0) {
            return null;
        }
        return new IdleWatch(context.clock(), Duration.ofSeconds(request.getIdleTimeoutSeconds()));
    }

    private OutputPump reader(InputStream stream, LogLevel level, IdleWatch watch) {
        return OutputPump.start(stream, line -> {
            if (watch != null) {
                watch.output();
            }
            log(level, line);
        });
    }

    /**
     * The one way a run ends: its slot is freed, then its last lines, the log made complete, and the
     * terminal report, still on this run's thread.
     */
    private void finish(RunStatus status, Integer exitCode, String reason) {
        freeSlot();
        if (reason != null) {
            log(LogLevel.SYS_ERR, reason);
        }
        log(LogLevel.SYS_INFO, "Status changed to " + status);
        try {
            context.logs().end(request.getJobName(), request.getRunId());
        } catch (RuntimeException e) {
            LOG.warn("log of run {}/{} may be incomplete", request.getJobName(), request.getRunId(), e);
        }
        context.reports().report(request.getJobName(), request.getRunId(), status, exitCode, reason);
    }

    private void log(LogLevel level, String text) {
        context.logs().append(request.getJobName(), request.getRunId(),
                new LogLine(context.clock().instant(), level, text));
    }
}
