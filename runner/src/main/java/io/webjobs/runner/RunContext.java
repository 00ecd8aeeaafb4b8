package io.webjobs.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * What every run on this runner shares: the work folder ({@code copies/}, {@code runs/} and {@code data/}
 * under it), the ports to the outside and the clock.
 */
public record RunContext(Path workDir, ArtifactSource artifacts, RunReports reports, LogSink logs, Clock clock,
        Duration artifactTimeout, WorkingCopies copies) {

    /** With the triggered runs' working copies in {@code copies/} under the work folder. */
    public RunContext(Path workDir, ArtifactSource artifacts, RunReports reports, LogSink logs, Clock clock,
            Duration artifactTimeout) {
        this(workDir, artifacts, reports, logs, clock, artifactTimeout, new WorkingCopies(workDir.resolve("copies")));
    }

    /** A continuous instance's folder, unpacked at each launch. */
    public Path runDir(String jobKey, String runId) {
        return workDir.resolve("runs").resolve(jobKey).resolve(runId);
    }

    /**
     * The folder, created when missing. Looked at first: asked to create a folder that exists, the JDK
     * throws and catches an exception, and every triggered run asked that of two folders.
     */
    static Path folder(Path dir) throws IOException {
        return Files.isDirectory(dir) ? dir : Files.createDirectories(dir);
    }

    /** Kept across runs: a job's own persistent folder (WEBJOBS_DATA_PATH). */
    public Path dataDir(String jobKey) {
        return workDir.resolve("data").resolve(jobKey);
    }
}
