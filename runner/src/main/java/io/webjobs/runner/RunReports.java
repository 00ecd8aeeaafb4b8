package io.webjobs.runner;

import io.webjobs.avro.RunStatus;

/**
 * Where a run's observed status goes ({@code webjobs.runner-reports} in production). The
 * implementation stamps report id, runner id and time.
 */
public interface RunReports {

    /** {@code exitCode} and {@code reason} may be null. */
    void report(String jobName, String runId, RunStatus status, Integer exitCode, String reason);
}
