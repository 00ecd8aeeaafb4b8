package io.webjobs.runner;

import static io.webjobs.runner.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.webjobs.avro.JobType;
import io.webjobs.avro.LogLevel;
import io.webjobs.avro.LogLine;
import io.webjobs.avro.RunRequest;
import io.webjobs.avro.RunStatus;
import io.webjobs.contract.ArtifactPublisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class RunExecutionTest {

    @TempDir
    Path workDir;

    private final Map<String, Path> stored = new HashMap<>();
    private final RecordingLogs logs = new RecordingLogs();
    private final RecordingReports reports = new RecordingReports(logs);

    @Test
    void shouldPassArgumentsAndEnvironmentAndEndSuccess() {
        RunRequest request = aRequestFor(aZipWith("run.sh", """
                echo "first=$1 second=$2"
                echo "job=$WEBJOBS_NAME type=$WEBJOBS_TYPE run=$WEBJOBS_RUN_ID greeting=$GREETING"
                echo "raw=$WEBJOBS_COMMAND_ARGUMENTS"
                echo "path=$WEBJOBS_PATH"
                echo "data=$WEBJOBS_DATA_PATH"
                """));
        request.setArguments("one 'two words'");
        request.setEnvironment(Map.of("GREETING", "hello"));

        run(request);

        assertThat(reports.statuses()).containsExactly(RunStatus.Running, RunStatus.Success);
        assertThat(reports.last().exitCode()).isZero();
        Path copy = workDir.resolve("copies/nightly/" + request.getArtifactDigest().substring(0, 16) + "-1");
        assertThat(logs.textOf(LogLevel.INFO)).containsExactly(
                "first=one second=two words",
                "job=Nightly type=triggered run=20260101000000000 greeting=hello",
                "raw=one 'two words'",
                "path=" + copy,
                "data=" + workDir.resolve("data/nightly"));
        assertThat(copy.resolve("run.sh")).isRegularFile();
        assertThat(logs.textOf(LogLevel.SYS_INFO)).containsExactly(
                "Status changed to Initializing",
                "Run script 'run.sh' with script host - 'BashScriptHost'",
                "Status changed to Running",
                "Status changed to Success");
        assertThat(logs.all()).as("the log reads in the order things happened")
                .startsWith("Status changed to Initializing",
                        "Run script 'run.sh' with script host - 'BashScriptHost'",
                        "Status changed to Running",
                        "first=one second=two words")
                .endsWith("Status changed to Success");
        assertThat(workDir.resolve("data/nightly")).isDirectory();
    }

    @Test
    void shouldCompleteTheLogBeforeTheTerminalReport() {
        run(aRequestFor(aZipWith("run.sh", "for i in $(seq 1 500); do echo line $i; done")));

        assertThat(reports.last().status()).isEqualTo(RunStatus.Success);
        assertThat(reports.last().logEndedBefore()).isTrue();
        assertThat(logs.textOf(LogLevel.INFO)).hasSize(500).endsWith("line 500");
    }

    @Test
    void shouldFreeItsSlotOnceTheProcessIsGoneAndBeforeTheTerminalReport() {
        List<String> order = new CopyOnWriteArrayList<>();
        RunReports ordered = (job, runId, status, exitCode, reason) -> {
            order.add("report " + status);
            reports.report(job, runId, status, exitCode, reason);
        };
        RunContext context = new RunContext(workDir, context().artifacts(), ordered, logs, Clock.systemUTC(),
                Duration.ofSeconds(1));

        new RunExecution(aRequestFor(aZipWith("run.sh", "echo done")), context, () -> order.add("slot freed")).run();

        assertThat(order).containsExactly("report Running", "slot freed", "report Success");
        assertThat(logs.textOf(LogLevel.INFO)).containsExactly("done");
    }

    @Test
    void shouldFreeItsSlotOnceWhenTheRunCannotStart() {
        List<String> order = new CopyOnWriteArrayList<>();

        RunRequest request = aRequestFor(aZipWith("run.sh", "echo hi"));
        request.setArtifactDigest("sha256:gone");

        new RunExecution(request, context(), () -> order.add("slot freed")).run();

        assertThat(order).containsExactly("slot freed");
        assertThat(reports.last().status()).isEqualTo(RunStatus.Failed);
    }

    @Test
    void shouldFailWithTheExitCode() {
        run(aRequestFor(aZipWith("run.sh", "echo about to fail\nexit 3")));

        assertThat(reports.last().status()).isEqualTo(RunStatus.Failed);
        assertThat(reports.last().exitCode()).isEqualTo(3);
        assertThat(reports.last().reason()).isEqualTo("Job failed due to exit code 3");
        assertThat(logs.textOf(LogLevel.SYS_ERR)).containsExactly("Job failed due to exit code 3");
        assertThat(logs.textOf(LogLevel.SYS_INFO)).endsWith("Status changed to Failed");
    }

    @Test
    void shouldLogStderrAsErr() {
        run(aRequestFor(aZipWith("run.sh", "echo out\necho oops >&2")));

        assertThat(logs.textOf(LogLevel.INFO)).containsExactly("out");
        assertThat(logs.textOf(LogLevel.ERR)).containsExactly("oops");
    }

    @Test
    void shouldRunTheEntryPointInsideTheSoleFolder() {
        RunRequest request = aRequestFor(aZipWith("job/run.sh", "cat \"$WEBJOBS_PATH/data.txt\"", "job/data.txt", "here"));
        request.setEntryPoint("job/run.sh");

        run(request);

        assertThat(reports.statuses()).containsExactly(RunStatus.Running, RunStatus.Success);
        assertThat(logs.textOf(LogLevel.INFO)).containsExactly("here");
    }

    @Test
    void shouldAbortAnIdleRunAndKillItsTree() throws IOException {
        RunRequest request = aRequestFor(aZipWith("run.sh",
                "cd \"$WEBJOBS_DATA_PATH\"\nsleep 60 &\necho $! > sleep.pid\necho $$ > bash.pid\nwait"));
        request.setIdleTimeoutSeconds(1);

        run(request);

        String reason = "Command 'bash run.sh' aborted due to no output nor CPU activity for 1 seconds.";
        assertThat(reports.last().status()).isEqualTo(RunStatus.Aborted);
        assertThat(reports.last().reason()).isEqualTo(reason);
        assertThat(logs.textOf(LogLevel.SYS_ERR)).containsExactly(reason);
        assertThat(logs.textOf(LogLevel.SYS_INFO)).endsWith("Status changed to Aborted");
        for (String pidFile : List.of("sleep.pid", "bash.pid")) {
            long pid = Long.parseLong(Files.readString(workDir.resolve("data/nightly").resolve(pidFile)).strip());
            await().atMost(Duration.ofSeconds(5)).until(() -> !isRunning(pid));
        }
    }

    @Test
    void shouldAbortWhenAskedAndSayWhy() {
        RunRequest request = aRequestFor(aZipWith("run.sh", "echo started\nsleep 60"));
        RunExecution execution = new RunExecution(request, context());
        Thread thread = new Thread(execution);
        thread.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> logs.textOf(LogLevel.INFO).contains("started"));
        execution.abort("runner r1 stopped");

        await().atMost(Duration.ofSeconds(10)).until(() -> !thread.isAlive());
        assertThat(reports.last().status()).isEqualTo(RunStatus.Aborted);
        assertThat(reports.last().reason()).isEqualTo("runner r1 stopped");
    }

    @Test
    void shouldStopGracefullyThroughTheShutdownFileAndSigtermAndEndAborted() throws Exception {
        RunRequest request = aRequestFor(aZipWith("run.sh", """
                trap 'echo "TERM; shutdown file says $(cat "$WEBJOBS_SHUTDOWN_FILE")"; exit 3' TERM
                echo started
                while true; do sleep 0.2; done
                """));
        RunExecution execution = new RunExecution(request, context());
        Thread thread = new Thread(execution);
        thread.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> logs.textOf(LogLevel.INFO).contains("started"));

        execution.stop("Replaced by the schedule at 2026-01-01T00:00:03Z", 5);

        await().atMost(Duration.ofSeconds(10)).until(() -> !thread.isAlive());
        assertThat(reports.last().status()).isEqualTo(RunStatus.Aborted);
        assertThat(reports.last().reason()).isEqualTo("Replaced by the schedule at 2026-01-01T00:00:03Z");
        assertThat(logs.textOf(LogLevel.INFO)).anySatisfy(line -> assertThat(line)
                .matches("TERM; shutdown file says \\d{4}-\\d{2}-\\d{2}T.*Z"));
        assertThat(logs.textOf(LogLevel.SYS_INFO)).contains("Replaced by the schedule at 2026-01-01T00:00:03Z: "
                + "stopping the process (shutdown file, SIGTERM, up to 5 s)").endsWith("Status changed to Aborted")
                .noneMatch(line -> line.startsWith("Process did not exit"));
        try (var shutdownFiles = Files.list(workDir.resolve("shutdown/nightly"))) {
            assertThat(shutdownFiles).as("the shutdown file goes with its run").isEmpty();
        }
    }

    @Test
    void shouldKillAProcessThatIgnoresSigtermOnceTheStoppingWaitIsOver() throws Exception {
        RunRequest request = aRequestFor(aZipWith("run.sh", "trap '' TERM\necho $$ > \"$WEBJOBS_DATA_PATH/bash.pid\"\necho started\n"
                + "while true; do sleep 0.2; done\n"));
        RunExecution execution = new RunExecution(request, context());
        Thread thread = new Thread(execution);
        thread.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> logs.textOf(LogLevel.INFO).contains("started"));

        execution.stop("Replaced by the schedule at 2026-01-01T00:00:03Z", 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> !thread.isAlive());
        assertThat(reports.last().status()).isEqualTo(RunStatus.Aborted);
        assertThat(logs.textOf(LogLevel.SYS_INFO)).contains("Process did not exit within 1 s; killing it");
        long pid = Long.parseLong(Files.readString(workDir.resolve("data/nightly/bash.pid")).strip());
        await().atMost(Duration.ofSeconds(5)).until(() -> !isRunning(pid));
    }

    @Test
    void shouldNeverStartARunStoppedBeforeItsProcessStarted() throws Exception {
        RunExecution execution = new RunExecution(aRequestFor(aZipWith("run.sh", "echo started")), context());

        execution.stop("Replaced by the schedule at 2026-01-01T00:00:03Z", 5);
        execution.run();

        assertThat(reports.statuses()).containsExactly(RunStatus.Aborted);
        assertThat(reports.last().reason()).isEqualTo("Replaced by the schedule at 2026-01-01T00:00:03Z");
        assertThat(logs.textOf(LogLevel.INFO)).isEmpty();
    }

    @Test
    void shouldRunAPhpJobWithPhpOrFailSayingTheHostIsMissing() {
        run(aRequestFor(aZipWith("run.php", "<?php echo 'hi';")));

        // php is optional on a runner: both outcomes are the documented behaviour, each checked in full.
        if (onPath("php")) {
            assertThat(reports.statuses()).containsExactly(RunStatus.Running, RunStatus.Success);
            assertThat(logs.textOf(LogLevel.INFO)).containsExactly("hi");
        } else {
            assertThat(reports.statuses()).containsExactly(RunStatus.Failed);
            assertThat(reports.last().reason()).startsWith("Cannot start script host 'php' for run.php");
            assertThat(logs.textOf(LogLevel.SYS_INFO)).endsWith("Status changed to Failed");
        }
    }

    @Test
    void shouldFailWhenTheArtifactDoesNotArrive() {
        RunRequest request = aRequestFor(aZipWith("run.sh", "echo hi"));
        request.setArtifactDigest("0".repeat(64));

        run(request);

        assertThat(reports.statuses()).containsExactly(RunStatus.Failed);
        assertThat(reports.last().reason()).isEqualTo("Artifact " + "0".repeat(64) + " is not stored.");
    }

    @Test
    void shouldFailEveryRunOfAZipWithNothingRunnableWithKudusReason() {
        RunContext context = context();
        byte[] zip = aZipWith("readme.txt", "nothing to run");

        new RunExecution(aRequestFor(zip), context).run();
        new RunExecution(aRequestFor(zip), context).run();

        assertThat(reports.statuses()).containsExactly(RunStatus.Failed, RunStatus.Failed);
        assertThat(reports.all()).allSatisfy(r -> assertThat(r.reason()).isEqualTo(JobArchive.NOTHING_RUNNABLE));
    }

    @Test
    void shouldNotReadTheZipAgainForARunThatReusesAnIntactCopy() throws IOException {
        RunContext context = context();
        byte[] zip = aZipWith("run.sh", "echo run $WEBJOBS_RUN_ID");
        new RunExecution(aRequestFor(zip), context).run();

        RunRequest second = aRequestFor(zip);
        second.setRunId("20260101000000009");
        // the stored zip is damaged now: a run that had to read it would fail as not a zip
        Files.writeString(stored.get(second.getArtifactDigest()), "not a zip any more");
        new RunExecution(second, context).run();

        assertThat(reports.statuses()).containsExactly(RunStatus.Running, RunStatus.Success, RunStatus.Running,
                RunStatus.Success);
        assertThat(logs.textOf(LogLevel.INFO)).containsExactly("run 20260101000000000", "run 20260101000000009");
    }

    @Test
    void shouldFailAWindowsEntryPointWithAClearReason() {
        RunRequest request = aRequestFor(aZipWith("run.cmd", "echo hi"));
        request.setEntryPoint("run.cmd");

        run(request);

        assertThat(reports.last().status()).isEqualTo(RunStatus.Failed);
        assertThat(reports.last().reason()).isEqualTo("Windows scripts (.cmd, .bat, .exe) cannot run on Linux: run.cmd");
    }

    @Test
    void shouldRunEveryRunOfAVersionInTheSameWorkingCopyAsKuduDoes() throws IOException {
        RunContext context = context();
        byte[] zip = aZipWith("run.sh", "echo \"path=$PWD\"\nls\ntouch left-by-$WEBJOBS_RUN_ID");

        for (String runId : List.of("20260101000000001", "20260101000000002", "20260101000000003")) {
            RunRequest request = aRequestFor(zip);
            request.setRunId(runId);
            new RunExecution(request, context).run();
        }

        Path copy = workDir.resolve("copies/nightly/" + ArtifactPublisher.digestOf(zip).substring(0, 16) + "-1");
        assertThat(reports.statuses()).containsExactly(RunStatus.Running, RunStatus.Success, RunStatus.Running,
                RunStatus.Success, RunStatus.Running, RunStatus.Success);
        assertThat(logs.textOf(LogLevel.INFO)).as("one folder, and what a run left there is there for the next")
                .containsExactly("path=" + copy, "run.sh",
                        "path=" + copy, "left-by-20260101000000001", "run.sh",
                        "path=" + copy, "left-by-20260101000000001", "left-by-20260101000000002", "run.sh");
        try (var copies = Files.list(workDir.resolve("copies/nightly"))) {
            assertThat(copies).containsExactly(copy);
        }
        assertThat(workDir.resolve("runs")).as("no folder per run any more").doesNotExist();
        try (var shutdownFiles = Files.list(workDir.resolve("shutdown/nightly"))) {
            assertThat(shutdownFiles).as("a run's shutdown file goes with it").isEmpty();
        }
    }

    @Test
    void shouldUnpackANewVersionAfreshAndDeleteTheOldOnesFolder() {
        RunContext context = context();
        byte[] first = aZipWith("run.sh", "cat version.txt", "version.txt", "one");
        byte[] second = aZipWith("run.sh", "cat version.txt", "version.txt", "two");

        new RunExecution(aRequestFor(first), context).run();
        new RunExecution(aRequestFor(second), context).run();

        assertThat(logs.textOf(LogLevel.INFO)).containsExactly("one", "two");
        assertThat(workDir.resolve("copies/nightly/" + ArtifactPublisher.digestOf(first).substring(0, 16) + "-1"))
                .doesNotExist();
        assertThat(workDir.resolve("copies/nightly/" + ArtifactPublisher.digestOf(second).substring(0, 16) + "-2"))
                .isDirectory();
    }

    @Test
    void shouldUnpackAgainAWorkingCopyWhoseFilesARunChanged() {
        RunContext context = context();
        byte[] zip = aZipWith("run.sh", "cat data.txt\necho damaged > data.txt\nrm -f other.txt", "data.txt", "pristine",
                "other.txt", "x");

        new RunExecution(aRequestFor(zip), context).run();
        new RunExecution(aRequestFor(zip), context).run();

        assertThat(logs.textOf(LogLevel.INFO)).containsExactly("pristine", "pristine");
        assertThat(reports.last().status()).isEqualTo(RunStatus.Success);
    }

    @Test
    void shouldGiveRunsOfOneJobAtTheSameTimeAFolderEach() throws Exception {
        RunContext context = context();
        Path gate = workDir.resolve("gate");
        byte[] zip = aZipWith("run.sh", "echo \"path=$PWD\"\nwhile [ ! -e \"" + gate + "\" ]; do sleep 0.05; done");
        List<Thread> runs = new ArrayList<>();
        for (String runId : List.of("20260101000000001", "20260101000000002")) {
            RunRequest request = aRequestFor(zip); // stores the zip: before any run reads it
            request.setRunId(runId);
            runs.add(new Thread(new RunExecution(request, context)));
        }
        runs.forEach(Thread::start);
        await().atMost(Duration.ofSeconds(10)).until(() -> logs.textOf(LogLevel.INFO).size() == 2);
        Files.createFile(gate);
        for (Thread thread : runs) {
            thread.join(10_000);
        }

        assertThat(logs.textOf(LogLevel.INFO)).doesNotHaveDuplicates().hasSize(2);
        assertThat(reports.statuses()).filteredOn(status -> status == RunStatus.Success).hasSize(2);
    }

    @Test
    void shouldRemoveWhatAnEarlierLifeLeftInItsCopies() throws IOException {
        Path leftover = Files.createDirectories(workDir.resolve("copies/nightly/0123456789abcdef-7"));
        Files.writeString(leftover.resolve("run.sh"), "echo stale");

        new WorkingCopies(workDir.resolve("copies")).removeLeftovers();

        assertThat(workDir.resolve("copies")).doesNotExist();
    }

    private void run(RunRequest request) {
        new RunExecution(request, context()).run();
    }

    private RunContext context() {
        ArtifactSource artifacts = (digest, timeout) -> {
            Path path = stored.get(digest);
            if (path == null) {
                throw new ArtifactUnavailableException("Artifact " + digest + " is not stored.");
            }
            return path;
        };
        return new RunContext(workDir, artifacts, reports, logs, Clock.systemUTC(), Duration.ofSeconds(1));
    }

    private RunRequest aRequestFor(byte[] zip) {
        String digest = ArtifactPublisher.digestOf(zip);
        try {
            Path file = Files.write(workDir.resolve(digest + ".zip"), zip);
            stored.put(digest, file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        JobArchive archive = JobArchive.of(zip, ArchiveLimits.DEFAULT);
        String entry;
        try {
            entry = archive.entryPoint();
        } catch (InvalidArchiveException e) {
            entry = "";
        }
        return new RunRequest("Nightly", "20260101000000000", JobType.triggered, digest, entry, null, "{}", 120,
                new HashMap<>(), Instant.parse("2026-01-01T00:00:00Z"), "corr-1");
    }

    /** Alive and not a zombie: a killed child may wait for a reaper that a container may lack. */
    private static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException gone) {
            return false;
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    record Report(RunStatus status, Integer exitCode, String reason, boolean logEndedBefore) {
    }

    static final class RecordingReports implements RunReports {
        private final RecordingLogs logs;
        private final List<Report> reports = new CopyOnWriteArrayList<>();

        RecordingReports(RecordingLogs logs) {
            this.logs = logs;
        }

        @Override
        public void report(String jobName, String runId, RunStatus status, Integer exitCode, String reason) {
            reports.add(new Report(status, exitCode, reason, logs.ended));
        }

        List<RunStatus> statuses() {
            return reports.stream().map(Report::status).toList();
        }

        List<Report> all() {
            return reports;
        }

        Report last() {
            return reports.get(reports.size() - 1);
        }
    }

    static final class RecordingLogs implements LogSink {
        private final List<LogLine> lines = new CopyOnWriteArrayList<>();
        private volatile boolean ended;

        @Override
        public void append(String jobName, String runId, LogLine line) {
            lines.add(line);
        }

        @Override
        public void end(String jobName, String runId) {
            ended = true;
        }

        List<String> all() {
            return lines.stream().map(LogLine::getText).toList();
        }

        List<String> textOf(LogLevel level) {
            return lines.stream().filter(l -> l.getLevel() == level).map(LogLine::getText).toList();
        }
    }
}
